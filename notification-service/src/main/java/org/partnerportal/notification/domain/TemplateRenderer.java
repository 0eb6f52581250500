package org.partnerportal.notification.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;

/**
 * Renders templates with Qute. Admins edit templates through the API, so the engine is built by
 * hand with nothing but the map of values: no reflection, no namespaces ({@code config:},
 * {@code inject:}), no extension methods. A template may use {@code {name}},
 * {@code {#if name}…{#else}…{/if}} and the other built-in sections; every expression must be a
 * plain, declared variable. Rendering is strict: an unknown name is an error, never an empty
 * string. Values are HTML-escaped in the HTML part.
 */
public final class TemplateRenderer {

    private static final Engine ENGINE = Engine.builder()
            .addDefaultSectionHelpers()
            .addValueResolver(ValueResolvers.mapResolver())
            .addValueResolver(ValueResolvers.orResolver())
            .addValueResolver(ValueResolvers.logicalAndResolver())
            .addValueResolver(ValueResolvers.logicalOrResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .strictRendering(true)
            .removeStandaloneLines(true)
            .build();
    private static final Variant HTML = Variant.forContentType(Variant.TEXT_HTML);
    private static final Variant TEXT = Variant.forContentType(Variant.TEXT_PLAIN);
    /** Names a section defines for its body ({@code {#each}}, {@code {#for}}), not values. */
    private static final Set<String> SECTION_NAMES = Set.of("it", "item", "line");
    private static final Pattern LEGACY_TAG = Pattern.compile("\\{\\{\\s*([#/]?)\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");

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

    /** A template that does not parse or uses something other than its declared variables. */
    public static class InvalidTemplateException extends RuntimeException {
        public final Set<String> unknown;

        public InvalidTemplateException(String message, Set<String> unknown) {
            super(message, null, false, false);
            this.unknown = unknown;
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
        // every declared variable is present (optional ones as null, so {#if} sees "no value");
        // a name the template uses but does not declare stays absent and fails the strict render
        Map<String, Object> data = new HashMap<>();
        for (TemplateVariable v : t.variables) {
            String value = values.get(v.name);
            data.put(v.name, blank(value) ? null : value);
        }
        // a subject is one line whatever the values hold: no header injection through a name
        String subject = apply(t.subject, TEXT, data).replaceAll("[\\r\\n]+", " ").trim();
        String text = apply(t.textBody, TEXT, data);
        String html = t.htmlBody != null && !t.htmlBody.isBlank() ? apply(t.htmlBody, HTML, data)
                : "<html><body><p>" + escape(text).replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p></body></html>";
        return new Rendered(subject, text, html);
    }

    /**
     * Checks that each text parses and refers only to declared variables; returns the names it
     * uses. Throws {@link InvalidTemplateException} otherwise.
     */
    public static Set<String> check(Set<String> declared, String... texts) {
        Set<String> used = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null || text.isBlank()) {
                continue;
            }
            Template parsed;
            try {
                parsed = ENGINE.parse(text, TEXT, null);
            } catch (TemplateException e) {
                throw new InvalidTemplateException("The template does not parse: " + e.getMessage(), Set.of());
            }
            for (Expression e : parsed.getExpressions()) {
                if (e.isLiteral()) {
                    continue;
                }
                String name = e.getParts().get(0).getName();
                if (e.hasNamespace() || e.getParts().size() > 1) {
                    throw new InvalidTemplateException("Only plain variables may be used: " + e.toOriginalString(),
                            Set.of(name));
                }
                if (SECTION_NAMES.contains(name)) {
                    continue;
                }
                used.add(name);
                if (!declared.contains(name)) {
                    unknown.add(name);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidTemplateException("The template uses variables it does not declare: " + String.join(", ", unknown),
                    unknown);
        }
        return used;
    }

    /** Rewrites the first template syntax ({@code {{name}}}, {@code {{#name}}…{{/name}}}) in Qute's. */
    public static String fromLegacySyntax(String text) {
        if (text == null) {
            return null;
        }
        return LEGACY_TAG.matcher(text).replaceAll(m -> switch (m.group(1)) {
            case "#" -> "{#if " + m.group(2) + "}";
            case "/" -> "{/if}";
            default -> "{" + m.group(2) + "}";
        });
    }

    public static boolean usesLegacySyntax(String... texts) {
        for (String t : texts) {
            if (t != null && LEGACY_TAG.matcher(t).find()) {
                return true;
            }
        }
        return false;
    }

    private static String apply(String text, Variant variant, Map<String, Object> data) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        try {
            return ENGINE.parse(text, variant, null).render(data);
        } catch (TemplateException e) {
            throw new InvalidTemplateException("The template cannot be rendered: " + e.getMessage(), Set.of());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public static String escape(String s) {
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
