package org.partnerportal.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.partnerportal.notification.domain.BuiltInTemplates;
import org.partnerportal.notification.domain.EmailTemplate;
import org.partnerportal.notification.domain.TemplateRenderer;
import org.partnerportal.notification.domain.TemplateVariable;

/** The template language on its own: strict, declared variables only, no way out of the value map. */
class TemplateRendererTest {

    private static Map<String, String> allValues(EmailTemplate t) {
        Map<String, String> v = new HashMap<>();
        t.variables.forEach(x -> v.put(x.name, "<" + x.name + "-value>"));
        return v;
    }

    @Test
    void everyBuiltInTemplateRendersEveryVariableAndFailsLoudlyWithoutEachRequiredOne() {
        List<EmailTemplate> seeds = BuiltInTemplates.seeds();
        assertEquals(19, seeds.size(), "11 templates; the partner-facing ones, the meeting agenda and the test e-mail also in Arabic");
        for (EmailTemplate t : seeds) {
            Set<String> declared = new java.util.TreeSet<>(t.variables.stream().map(v -> v.name).toList());
            Set<String> used = TemplateRenderer.check(declared, t.subject, t.textBody, t.htmlBody);
            TemplateRenderer.Rendered r = TemplateRenderer.render(t, allValues(t));
            for (String name : used) {
                String value = "<" + name + "-value>";
                assertTrue(r.text().contains(value) || r.subject().contains(value), t.id + " shows " + name + ": " + r.text());
                assertFalse(r.html().contains(value), t.id + " escapes " + name + " in HTML");
            }
            assertFalse(r.subject().contains("\n"));
            for (TemplateVariable v : t.variables) {
                if (!v.required) {
                    continue;
                }
                Map<String, String> without = allValues(t);
                without.remove(v.name);
                var e = assertThrows(TemplateRenderer.MissingVariablesException.class, () -> TemplateRenderer.render(t, without));
                assertEquals(List.of(v.name), e.missing);
                without.put(v.name, "  ");
                assertThrows(TemplateRenderer.MissingVariablesException.class, () -> TemplateRenderer.render(t, without),
                        "a blank value is no value");
            }
            // the optional ones may be left out: their sentences go, nothing prints "null"
            Map<String, String> onlyRequired = new HashMap<>();
            t.variables.stream().filter(v -> v.required).forEach(v -> onlyRequired.put(v.name, "x"));
            assertFalse(TemplateRenderer.render(t, onlyRequired).text().contains("null"), t.id);
        }
    }

    @Test
    void onlyDeclaredPlainVariablesAreAccepted() {
        Set<String> declared = Set.of("userName", "url");
        assertEquals(Set.of("userName", "url"), TemplateRenderer.check(declared, "Hi {userName}", "{#if url}Go: {url}{/if}"));
        var unknown = assertThrows(TemplateRenderer.InvalidTemplateException.class,
                () -> TemplateRenderer.check(declared, "Hi {userName}, your password is {password}"));
        assertEquals(Set.of("password"), unknown.unknown);
        assertThrows(TemplateRenderer.InvalidTemplateException.class,
                () -> TemplateRenderer.check(declared, "{config:['quarkus.mailer.password']}"), "no namespaces");
        assertThrows(TemplateRenderer.InvalidTemplateException.class,
                () -> TemplateRenderer.check(declared, "{userName.getClass}"), "no method calls");
        assertThrows(TemplateRenderer.InvalidTemplateException.class, () -> TemplateRenderer.check(declared, "{#if userName}"),
                "an unclosed section does not parse");
    }

    @Test
    void renderingIsStrictAndTheFirstSyntaxIsConverted() {
        EmailTemplate t = new EmailTemplate();
        t.subject = "Hi {userName}";
        t.textBody = "Hi {userName} {undeclared}";
        t.variables = List.of(TemplateVariable.required("userName", null));
        assertThrows(TemplateRenderer.InvalidTemplateException.class, () -> TemplateRenderer.render(t, Map.of("userName", "A")),
                "an undeclared name is an error, not an empty string");
        assertEquals("Hello {userName},{#if notes} Note: {notes}{/if}",
                TemplateRenderer.fromLegacySyntax("Hello {{userName}},{{#notes}} Note: {{notes}}{{/notes}}"));
    }
}
