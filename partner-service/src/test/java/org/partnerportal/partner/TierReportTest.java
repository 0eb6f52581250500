package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.getPartner;
import static org.partnerportal.partner.Fixtures.unique;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;


/**
 * The tier report on a known data set. Other tests share the database, so the test reads the
 * report before and after adding its data set and checks the exact differences.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class TierReportTest {

    private static Map<String, Map<String, String>> csvByTier() throws Exception {
        String csv = given().auth().oauth2(Tokens.admin()).accept("text/csv").when().get("/api/reports/tiers")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        Map<String, Map<String, String>> out = new HashMap<>();
        for (CSVRecord r : records) {
            out.put(r.get("tier"), r.toMap());
        }
        assertEquals(6, out.size(), "five tiers and the totals row");
        return out;
    }

    private static long diff(Map<String, Map<String, String>> before, Map<String, Map<String, String>> after,
            String tier, String column) {
        return Long.parseLong(after.get(tier).get(column)) - Long.parseLong(before.get(tier).get(column));
    }

    private static String partner(String tier, String stage) {
        Map<String, Object> b = body(unique("Report Co"));
        b.put("tier", tier);
        b.put("stage", stage);
        return create(b);
    }

    @Test
    void perTierFiguresAreExactAndTheCsvParses() throws Exception {
        var before = csvByTier();
        String before0 = given().auth().oauth2(Tokens.admin()).when().get("/api/reports/tiers").then().statusCode(200)
                .extract().path("totals.totalContribution").toString();

        String s1 = partner("silver", "draft");
        String s2 = partner("silver", "nda_signed");
        String s3 = partner("silver", "active");
        partner("community", "on_hold");
        // s3 is archived: counted as archived, not in the stage columns
        given().auth().oauth2(Tokens.admin()).when().post("/api/partners/" + s3 + "/archive").then().statusCode(200);
        link(s1, "r-ev-1", "sponsor", "1000");
        link(s1, "r-ev-2", "prize sponsor", "250.25");
        link(s2, "r-ev-1", "sponsor", "20000");
        link(s3, "r-ev-3", "prize", null);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                getPartner(s1).extract().jsonPath().getList("engagement.eventsParticipated").size() == 2
                        && getPartner(s2).extract().jsonPath().getList("engagement.eventsParticipated").size() == 1
                        && getPartner(s3).extract().jsonPath().getList("engagement.eventsParticipated").size() == 1);

        var after = csvByTier();
        assertEquals(3, diff(before, after, "silver", "partners"));
        assertEquals(2, diff(before, after, "silver", "active"));
        assertEquals(1, diff(before, after, "silver", "archived"));
        assertEquals(1, diff(before, after, "silver", "stage_draft"));
        assertEquals(1, diff(before, after, "silver", "stage_nda_signed"));
        assertEquals(0, diff(before, after, "silver", "stage_active"));
        assertEquals(4, diff(before, after, "silver", "events_participated"));
        assertEquals(2, diff(before, after, "silver", "prizes_offered"));
        assertEquals(0, new BigDecimal("21250.25").compareTo(new BigDecimal(after.get("silver").get("total_contribution"))
                .subtract(new BigDecimal(before.get("silver").get("total_contribution")))));
        assertEquals(0, diff(before, after, "silver", "engagement_low"));
        assertEquals(2, diff(before, after, "silver", "engagement_medium"), "s1 (2 events, 1,250.25) and s3 (1 prize)");
        assertEquals(1, diff(before, after, "silver", "engagement_high"), "s2 contributes 20,000");
        assertEquals(1, diff(before, after, "community", "stage_on_hold"));
        assertEquals(1, diff(before, after, "community", "engagement_low"));
        assertEquals(4, diff(before, after, "all", "partners"));

        String after0 = given().auth().oauth2(Tokens.admin()).when().get("/api/reports/tiers").then().statusCode(200)
                .extract().path("totals.totalContribution").toString();
        assertEquals(0, new BigDecimal("21250.25").compareTo(new BigDecimal(after0).subtract(new BigDecimal(before0))));
        given().auth().oauth2(Tokens.partner(s1)).when().get("/api/reports/tiers").then().statusCode(403);
    }

    private static void link(String partnerId, String eventId, String role, String amount) {
        KafkaEvents.publish("engagement-events", partnerId, "partnerportal.EventPartnerAdded.v1",
                "{\"partnerId\":\"" + partnerId + "\",\"eventId\":\"" + eventId + "\",\"role\":\"" + role
                        + "\",\"amount\":" + (amount == null ? "null" : amount) + "}");
    }

}
