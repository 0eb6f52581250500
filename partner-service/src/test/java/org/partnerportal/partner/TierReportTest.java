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
import org.partnerportal.events.EngagementEvents;
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
        String s4 = partner("silver", "draft");
        // s3 is archived: counted as archived, not in the stage columns
        given().auth().oauth2(Tokens.admin()).when().post("/api/partners/" + s3 + "/archive").then().statusCode(200);
        // mixed statuses: only committed and paid amounts count (partner-service README, "Contribution")
        link(s1, "r-ev-1", "sponsor", "committed", "1000");
        link(s1, "r-ev-2", "prize sponsor", "paid", "250.25");
        link(s2, "r-ev-1", "sponsor", "paid", "20000");
        link(s2, "r-ev-5", "sponsor", "committed", "5000");
        // ... then backed out: the update takes the 5,000 out again
        KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_UPDATED, s2, "{\"partnerId\":\"" + s2
                + "\",\"eventId\":\"r-ev-5\",\"role\":\"sponsor\",\"status\":\"declined\",\"amount\":5000}");
        link(s3, "r-ev-3", "prize", "committed", null);
        // prospects at a 10k preset (untouched) and a 15k negotiation: events, so medium, but no contribution
        link(s4, "r-ev-1", "sponsor", "prospect", "10000");
        link(s4, "r-ev-2", "sponsor", "negotiating", "15000");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                getPartner(s1).extract().jsonPath().getList("engagement.eventsParticipated").size() == 2
                        && getPartner(s2).extract().jsonPath().getList("engagement.eventsParticipated").size() == 2
                        // both of s2's links in and the update read: 20,000 only once the declined 5,000 is out
                        && new BigDecimal("20000").compareTo(new BigDecimal(
                                getPartner(s2).extract().jsonPath().getString("engagement.totalContribution"))) == 0
                        && getPartner(s3).extract().jsonPath().getList("engagement.eventsParticipated").size() == 1
                        && getPartner(s4).extract().jsonPath().getList("engagement.eventsParticipated").size() == 2);

        var after = csvByTier();
        assertEquals(4, diff(before, after, "silver", "partners"));
        assertEquals(3, diff(before, after, "silver", "not_archived"));
        assertEquals(1, diff(before, after, "silver", "archived"));
        assertEquals(2, diff(before, after, "silver", "stage_draft"));
        assertEquals(1, diff(before, after, "silver", "stage_nda_signed"));
        assertEquals(0, diff(before, after, "silver", "stage_active"));
        assertEquals(7, diff(before, after, "silver", "events_participated"));
        assertEquals(0, new BigDecimal("20000").compareTo(new BigDecimal(
                getPartner(s2).extract().jsonPath().getString("engagement.totalContribution"))), "s2: paid only");
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(
                getPartner(s4).extract().jsonPath().getString("engagement.totalContribution"))), "s4: prospects only");
        assertEquals(2, diff(before, after, "silver", "prizes_offered"));
        assertEquals(0, new BigDecimal("21250.25").compareTo(new BigDecimal(after.get("silver").get("total_contribution"))
                .subtract(new BigDecimal(before.get("silver").get("total_contribution")))));
        assertEquals(0, diff(before, after, "silver", "engagement_low"));
        assertEquals(3, diff(before, after, "silver", "engagement_medium"),
                "s1 (2 events, 1,250.25), s3 (1 prize) and s4 (2 events, 25,000 not counted)");
        assertEquals(1, diff(before, after, "silver", "engagement_high"), "s2 paid 20,000 (its declined 5,000 not counted)");
        assertEquals(1, diff(before, after, "community", "stage_on_hold"));
        assertEquals(1, diff(before, after, "community", "engagement_low"));
        assertEquals(5, diff(before, after, "all", "partners"));

        String after0 = given().auth().oauth2(Tokens.admin()).when().get("/api/reports/tiers").then().statusCode(200)
                .extract().path("totals.totalContribution").toString();
        assertEquals(0, new BigDecimal("21250.25").compareTo(new BigDecimal(after0).subtract(new BigDecimal(before0))));
        given().auth().oauth2(Tokens.partner(s1)).when().get("/api/reports/tiers").then().statusCode(403);
        given().auth().oauth2(Tokens.partner(s1)).when().get("/api/reports/tiers.csv").then().statusCode(403);
        // the download link's address: the same CSV, whatever the browser's Accept
        String file = given().auth().oauth2(Tokens.admin()).accept("text/html,*/*;q=0.8").when()
                .get("/api/reports/tiers.csv").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("tier-report.csv")).extract().asString();
        String header = file.substring(0, file.indexOf('\r'));
        org.junit.jupiter.api.Assertions.assertTrue(header.startsWith("tier,label,partners,not_archived,archived,stage_"),
                header);
        org.junit.jupiter.api.Assertions.assertFalse(List.of(header.split(",")).contains("active"),
                "no column called active beside the stage columns: " + header);
    }

    private static void link(String partnerId, String eventId, String role, String status, String amount) {
        KafkaEvents.publish(EngagementEvents.EVENT_PARTNER_ADDED, partnerId,
                "{\"partnerId\":\"" + partnerId + "\",\"eventId\":\"" + eventId + "\",\"role\":\"" + role
                        + "\",\"status\":\"" + status + "\",\"amount\":" + (amount == null ? "null" : amount) + "}");
    }

}
