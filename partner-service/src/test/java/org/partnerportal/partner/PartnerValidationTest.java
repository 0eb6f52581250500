package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.contact;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.eventsAbout;
import static org.partnerportal.partner.Fixtures.getPartner;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.partnerportal.partner.repository.PartnerRepository;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** Every limit of seed 000's schema: a bad field is a 400 that names it, and nothing is written or published. */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class PartnerValidationTest {

    @Inject
    PartnerRepository partners;

    private void rejected(String expectedField, Consumer<Map<String, Object>> breakIt) {
        String name = unique("Invalid Co");
        Map<String, Object> b = body(name);
        breakIt.accept(b);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(b)
                .when().post("/api/partners")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(expectedField));
        long stored = partners.count("name", b.get("name")).await().atMost(Duration.ofSeconds(5));
        assertEquals(0, stored, "nothing may be stored for " + expectedField);
        assertTrue(eventsAbout(name).isEmpty(), "nothing may be published for " + expectedField);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstContact(Map<String, Object> b) {
        return ((List<Map<String, Object>>) b.get("contacts")).get(0);
    }

    @Test
    void textLimits() {
        rejected("name", b -> b.put("name", "X"));
        rejected("name", b -> b.put("name", "N".repeat(201)));
        rejected("description", b -> b.put("description", "too short"));
        rejected("description", b -> b.put("description", "d".repeat(2001)));
        rejected("industry", b -> b.put("industry", "I"));
        rejected("notes", b -> b.put("notes", "n".repeat(5001)));
        rejected("tier", b -> b.put("tier", "diamond"));
        rejected("stage", b -> b.put("stage", "signed_in_blood"));
    }

    @Test
    void urlsAreHttpOnlyAndWithoutCredentials() {
        rejected("logo", b -> b.put("logo", "javascript:alert(1)"));
        rejected("logo", b -> b.put("logo", "data:image/png;base64,AAAA"));
        rejected("website", b -> b.put("website", "ftp://files.example.com"));
        rejected("website", b -> b.put("website", "https://user:secret@example.com"));
        rejected("website", b -> b.put("website", "not a url"));
        rejected("social.linkedin", b -> b.put("social", Map.of("linkedin", "file:///etc/passwd")));
    }

    @Test
    void companyInfo() {
        rejected("companyInfo.foundedYear", b -> b.put("companyInfo", Map.of("foundedYear", 1799)));
        rejected("companyInfo.foundedYear", b -> b.put("companyInfo", Map.of("foundedYear", Year.now().getValue() + 1)));
        rejected("companyInfo.size", b -> b.put("companyInfo", Map.of("size", "huge")));
        rejected("companyInfo.headquarters", b -> b.put("companyInfo", Map.of("headquarters", "h".repeat(201))));
        rejected("companyInfo.employeeCount", b -> b.put("companyInfo", Map.of("employeeCount", "e".repeat(51))));
    }

    @Test
    void contacts() {
        rejected("contacts", b -> b.put("contacts", List.of()));
        rejected("contacts", b -> {
            List<Map<String, Object>> many = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                many.add(contact("Person " + i, "p" + i + "@example.com", i == 0));
            }
            b.put("contacts", many);
        });
        rejected("contacts[0].email", b -> firstContact(b).put("email", "not-an-email"));
        rejected("contacts[0].name", b -> firstContact(b).put("name", "A"));
        rejected("contacts[0].role", b -> firstContact(b).remove("role"));
        rejected("contacts[0].phone", b -> firstContact(b).put("phone", "call me maybe"));
        rejected("contacts", b -> b.put("contacts", List.of(contact("One Person", "one@example.com", true),
                contact("Two Person", "two@example.com", true))));
        rejected("contacts", b -> b.put("contacts", List.of(contact("One Person", "one@example.com", false),
                contact("Two Person", "two@example.com", false))));
        rejected("contacts", b -> b.put("contacts", List.of(contact("One Person", "same@example.com", true),
                contact("Two Person", "same@example.com", false))));
    }

    @Test
    void tagsAndUnknownOrReadOnlyFields() {
        rejected("tags", b -> {
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                tags.add("tag-" + i);
            }
            b.put("tags", tags);
        });
        rejected("favouriteColour", b -> b.put("favouriteColour", "green"));
        rejected("engagement", b -> b.put("engagement", Map.of("engagementLevel", "high")));
        rejected("archived", b -> b.put("archived", true));
        rejected("id", b -> b.put("id", "chosen-id"));
    }

    @Test
    void aSingleContactIsThePrimaryAndTagsBecomeSlugs() {
        Map<String, Object> b = body(unique("Slug Co"));
        b.put("contacts", List.of(contact("Only Person", "Only@Example.com", false)));
        b.put("tags", List.of("Alumni Partner", "AI/ML", "ai-ml", "  Cloud  ", "Café"));
        b.put("website", "https://slug.example.com/about");
        b.put("companyInfo", Map.of("size", "startup", "foundedYear", 2015, "headquarters", "Muscat"));
        String id = create(b);
        getPartner(id).statusCode(200)
                .body("contacts[0].isPrimary", equalTo(true))
                .body("contacts[0].email", equalTo("only@example.com"))
                .body("tags", equalTo(List.of("alumni-partner", "ai-ml", "cloud", "cafe")))
                .body("alumni", equalTo(true))
                .body("companyInfo.foundedYear", equalTo(2015))
                .body("stage", equalTo("draft"))
                .body("engagement.engagementLevel", equalTo("low"));
    }

    @Test
    void seedStatusNamesAreAliasesOfStages() {
        Map<String, Object> pending = body(unique("Pending Co"));
        pending.put("status", "pending");
        getPartner(create(pending)).body("stage", equalTo("draft"));
        Map<String, Object> inactive = body(unique("Inactive Co"));
        inactive.put("stage", "inactive");
        getPartner(create(inactive)).body("stage", equalTo("on_hold"));
    }
}
