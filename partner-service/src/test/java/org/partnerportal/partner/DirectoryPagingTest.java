package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.unique;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The directory paged by cursor ({@code after}, answered as {@code next}) gives exactly the pages
 * the page numbers give, for every sort, including runs of partners equal on the leading sort
 * keys (same tier; no engagement date at all); page numbers keep working; a cursor that is not
 * one this list made is a {@code 400} problem on {@code after}.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryPagingTest {

    private static final int SIZE = 3;
    private String marker;
    private final List<String> ids = new ArrayList<>();

    /** The partners every test pages through: made once, by the first test (the application is up by then). */
    @BeforeEach
    void partners() {
        if (marker != null) {
            return;
        }
        marker = unique("zz Keyset");
        String[] tiers = { "gold", "gold", "gold", "silver", "platinum", "gold", "community", "silver" };
        for (int i = 0; i < tiers.length; i++) {
            Map<String, Object> b = body(marker + " " + (char) ('H' - i));
            b.put("tier", tiers[i]);
            ids.add(create(b));
        }
    }

    private JsonPath page(String sort, Integer page, String after) {
        var spec = given().auth().oauth2(Tokens.admin()).queryParam("q", marker).queryParam("sort", sort)
                .queryParam("size", SIZE);
        if (page != null) {
            spec.queryParam("page", page);
        }
        if (after != null) {
            spec.queryParam("after", after);
        }
        return spec.when().get("/api/partners").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void cursorPagesEqualPageNumberPagesForEverySort() {
        for (String sort : List.of("tier", "name", "updatedAt", "lastEngagement")) {
            List<String> byNumber = new ArrayList<>();
            for (int p = 0; p * SIZE < ids.size(); p++) {
                byNumber.addAll(page(sort, p, null).getList("items.id"));
            }
            assertEquals(ids.size(), byNumber.size(), sort + ": every partner once by page number");
            assertEquals(ids.size(), byNumber.stream().distinct().count(), sort);

            List<String> byCursor = new ArrayList<>();
            JsonPath first = page(sort, null, null);
            byCursor.addAll(first.getList("items.id"));
            String next = first.getString("next");
            int expectedPage = 1;
            while (next != null) {
                JsonPath p = page(sort, null, next);
                assertEquals(expectedPage++, p.getInt("page"), sort + ": the page a cursor leads to is numbered");
                assertEquals(ids.size(), p.getInt("total"), sort);
                byCursor.addAll(p.getList("items.id"));
                next = p.getString("next");
            }
            assertEquals(byNumber, byCursor, sort + ": cursor pages are the numbered pages");
            assertNull(page(sort, 2, null).getString("next"), sort + ": the last page has no next");
        }
    }

    @Test
    void tiesOnTheLeadingKeysKeepTheirOrderAcrossPages() {
        // tier: four golds in a row, ordered by name; lastEngagement: no partner has a date, so tier then name decide
        List<String> tier = new ArrayList<>();
        JsonPath p = page("tier", null, null);
        tier.addAll(p.getList("items.name"));
        while (p.getString("next") != null) {
            p = page("tier", null, p.getString("next"));
            tier.addAll(p.getList("items.name"));
        }
        String m = marker + " ";
        assertEquals(List.of(m + "D", m + "C", m + "F", m + "G", m + "H", m + "A", m + "E", m + "B"), tier);
        List<String> engagement = new ArrayList<>();
        p = page("lastEngagement", null, null);
        engagement.addAll(p.getList("items.name"));
        while (p.getString("next") != null) {
            p = page("lastEngagement", null, p.getString("next"));
            engagement.addAll(p.getList("items.name"));
        }
        assertEquals(tier, engagement);
    }

    @Test
    void aCursorThisListDidNotMakeIsABadRequestOnAfter() {
        String nameCursor = page("name", null, null).getString("next");
        String json = Base64.getUrlEncoder().encodeToString("{\"s\":\"tier\",\"f\":\"x\",\"p\":1,\"k\":[]}"
                .getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of("%%%not-base64", Base64.getUrlEncoder().encodeToString("not json".getBytes(StandardCharsets.UTF_8)),
                json, nameCursor)) {
            given().auth().oauth2(Tokens.admin()).queryParam("q", marker).queryParam("sort", "tier")
                    .queryParam("after", bad).when().get("/api/partners")
                    .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("after"));
        }
        // the same cursor with other filters than it was made for
        given().auth().oauth2(Tokens.admin()).queryParam("q", marker + " A").queryParam("sort", "name")
                .queryParam("after", nameCursor).when().get("/api/partners")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("after"));
        // and with its own sort and filters it is good
        given().auth().oauth2(Tokens.admin()).queryParam("q", marker).queryParam("sort", "name").queryParam("size", SIZE)
                .queryParam("after", nameCursor).when().get("/api/partners")
                .then().statusCode(200).body("page", equalTo(1));
    }
}
