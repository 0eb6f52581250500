package org.partnerportal.notification.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small template language, because admins edit templates through the API: a
 * variable is {@code {{name}}}, and {@code {{#name}}…{{/name}}} keeps its content only when the
 * variable has a value. No expressions, no method calls, nothing an edited template could abuse.
 * Values are HTML-escaped in HTML bodies.
 */
public final class TemplateRenderer {

    private static final Pattern SECTION = Pattern.compile("\\{\\{#\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}(.*?)\\{\\{/\\s*\\1\\s*}}",
            Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("\\{\\{\\s*([#/]?)\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");

    private TemplateRenderer() {
    }

    public record Rendered(String subject, String text, String html) {
    }

    /** A required variable had no value. */
    public static class MissingVariablesException extends RuntimeException {
        public final List<String> missing;

        public MissingVariablesException(List<String> missing) {
            super("missing template variable(s): " + String.join(", ", missing), null, false, false);
            this.missing = List.copyOf(missing);
        }
    }

    public static Rendered render(EmailTemplate t, Map<String, String> values) {
        List<String> missing = new ArrayList<>();
        for (TemplateVariable v : t.variables) {
            if (v.required && blank(values.get(v.name))) {
                missing.add(v.name);
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingVariablesException(missing);
        }
        // a subject is one line whatever the values hold: no header injection through a name
        String subject = apply(t.subject, values, false).replaceAll("[\\r\\n]+", " ").trim();
        String text = apply(t.textBody, values, false);
        String html = t.htmlBody != null && !t.htmlBody.isBlank() ? apply(t.htmlBody, values, true)
                : "<html><body><p>" + escape(text).replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p></body></html>";
        return new Rendered(subject, text, html);
    }

    /** Every variable name a template text refers to. */
    public static Set<String> placeholders(String... texts) {
        Set<String> names = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            Matcher m = TAG.matcher(text);
            while (m.find()) {
                names.add(m.group(2));
            }
        }
        return names;
    }

    private static String apply(String text, Map<String, String> values, boolean html) {
        if (text == null) {
            return "";
        }
        Matcher s = SECTION.matcher(text);
        StringBuilder withSections = new StringBuilder();
        while (s.find()) {
            s.appendReplacement(withSections, Matcher.quoteReplacement(blank(values.get(s.group(1))) ? "" : s.group(2)));
        }
        s.appendTail(withSections);
        Matcher m = TAG.matcher(withSections);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).isEmpty() ? values.get(m.group(2)) : "";
            value = value == null ? "" : value;
            m.appendReplacement(out, Matcher.quoteReplacement(html ? escape(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
