package org.partnerportal.nda.domain;

import java.util.List;

/** The proposal's sections, in page order; views and content accept only these keys. */
public final class Sections {

    public static final List<String> ALL = List.of("hero", "terms", "metrics", "value", "modules", "why", "next_steps",
            "cta", "documents");
    /** Longest time on one section that one view report may claim. */
    public static final int MAX_SECONDS = 3600;
    public static final int MAX_MARKDOWN = 20_000;

    private Sections() {
    }

    public static boolean known(String section) {
        return section != null && ALL.contains(section);
    }
}
