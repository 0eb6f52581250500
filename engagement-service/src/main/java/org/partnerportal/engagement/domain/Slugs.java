package org.partnerportal.engagement.domain;

import java.text.Normalizer;
import java.util.Locale;

/** Free text to a stable key: {@code "In Conversation!"} → {@code in_conversation}. */
public final class Slugs {

    public static final int MAX_LENGTH = 60;

    private Slugs() {
    }

    /** The slug, or null when the text holds no letter or digit. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.length() > MAX_LENGTH) {
            slug = slug.substring(0, MAX_LENGTH).replaceAll("_+$", "");
        }
        return slug.isEmpty() ? null : slug;
    }

    /** A readable label for a slug that came without one: {@code in_conversation} → {@code In conversation}. */
    public static String label(String slug) {
        String spaced = slug.replace('_', ' ');
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
