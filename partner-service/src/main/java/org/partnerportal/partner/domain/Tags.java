package org.partnerportal.partner.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tags are slugs: lower case, ASCII letters and digits joined by single hyphens, so that
 * "Alumni Partner", "alumni_partner" and "ALUMNI-PARTNER" are one tag. The {@code alumni-partner}
 * tag is what marks an alumni partner (seed 002).
 */
public final class Tags {

    public static final String ALUMNI = "alumni-partner";
    public static final int MAX = 20;
    public static final int MAX_LENGTH = 50;

    private Tags() {
    }

    public static String slug(String raw) {
        if (raw == null) {
            return "";
        }
        String ascii = Normalizer.normalize(raw, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+)|(-+$)", "");
    }

    /** Slugs in first-seen order, without blanks or repeats. */
    public static List<String> normalize(List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        if (raw != null) {
            for (String t : raw) {
                String s = slug(t);
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The tags with the alumni marker set or cleared. */
    public static List<String> withAlumni(List<String> tags, boolean alumni) {
        List<String> out = new ArrayList<>(tags);
        out.remove(ALUMNI);
        if (alumni) {
            out.add(ALUMNI);
        }
        return out;
    }
}
