package org.partnerportal.engagement;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.engagement.Fixtures.newId;
import static org.partnerportal.engagement.Fixtures.portal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.partnerportal.engagement.domain.TimelineEntry;
import org.partnerportal.engagement.domain.TimelineKind;
import org.partnerportal.engagement.repository.TimelineRepository;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * What a partner (signed in, or through its portal link) sees of each timeline kind: an entry
 * whose every field holds a marker is stored, and the partner views must show exactly the fields
 * allowed for its kind, while the admin view still has everything.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class TimelinePartnerViewTest {

    /** What a partner may read, per kind (besides id, partnerId, kind, occurredAt). */
    private static final Map<TimelineKind, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry(TimelineKind.PARTNER_CREATED, Set.of("title", "detail")),
            Map.entry(TimelineKind.ACCESS_APPROVED, Set.of()),
            Map.entry(TimelineKind.STAGE_CHANGED, Set.of("title")),
            Map.entry(TimelineKind.EMAIL_SENT, Set.of("title")),
            Map.entry(TimelineKind.COMMUNICATION, Set.of("title", "communication.subject", "communication.channel",
                    "communication.direction")),
            Map.entry(TimelineKind.PARTNER_ARCHIVED, Set.of("title")),
            Map.entry(TimelineKind.PARTNER_RESTORED, Set.of("title")),
            Map.entry(TimelineKind.PARTNER_INVITED, Set.of()),
            Map.entry(TimelineKind.PROPOSAL_ISSUED, Set.of("title", "detail")),
            Map.entry(TimelineKind.PROPOSAL_INVITATION_SENT, Set.of()),
            Map.entry(TimelineKind.PROPOSAL_VIEWED, Set.of("title", "detail")),
            Map.entry(TimelineKind.NDA_SIGNED, Set.of("title", "detail")),
            Map.entry(TimelineKind.PORTAL_ACCESS_GRANTED, Set.of()),
            Map.entry(TimelineKind.PORTAL_VISITED, Set.of("title")),
            Map.entry(TimelineKind.DOCUMENT_ADDED, Set.of("title", "detail")),
            Map.entry(TimelineKind.DOCUMENT_DOWNLOADED, Set.of("title")),
            Map.entry(TimelineKind.EVENT_LINKED, Set.of("title")),
            Map.entry(TimelineKind.EVENT_UNLINKED, Set.of("title")),
            Map.entry(TimelineKind.MEETING, Set.of("title", "meeting.title", "meeting.attendees.name", "meeting.agenda")),
            Map.entry(TimelineKind.ACTION_COMPLETED, Set.of("title", "detail")),
            Map.entry(TimelineKind.DECISION, Set.of("title", "decision.title")));

    /** Every field an entry can carry, with the marker it holds in the stored entry. */
    private static final List<String> FIELDS = List.of("title", "detail", "actor", "source.eventId", "source.eventType",
            "source.producer", "communication.subject", "communication.summary", "communication.channel",
            "communication.direction", "communication.externalMessageId", "communication.origin", "communication.createdBy",
            "meeting.title", "meeting.attendees.name", "meeting.attendees.email", "meeting.agenda", "meeting.actionItemIds",
            "meeting.scheduledBy", "decision.title", "decision.rationale", "decision.decidedBy");

    @Inject
    TimelineRepository timeline;

    private static String marker(String field) {
        return "M~" + field + "~";
    }

    private static TimelineEntry everythingFilled(String partnerId, TimelineKind kind) {
        TimelineEntry t = new TimelineEntry();
        t.id = newId();
        t.partnerId = partnerId;
        t.kind = kind.key();
        t.title = marker("title");
        t.detail = marker("detail");
        t.actor = marker("actor");
        t.occurredAt = Instant.parse("2025-05-01T10:00:00Z");
        t.recordedAt = Instant.parse("2025-05-01T10:00:01Z");
        t.source = new TimelineEntry.Source(marker("source.eventId"), marker("source.eventType"), marker("source.producer"));
        t.communication = new TimelineEntry.Communication();
        t.communication.subject = marker("communication.subject");
        t.communication.summary = marker("communication.summary");
        t.communication.channel = marker("communication.channel");
        t.communication.direction = marker("communication.direction");
        t.communication.followUpDate = LocalDate.parse("2031-01-02");
        t.communication.externalMessageId = marker("communication.externalMessageId");
        t.communication.origin = marker("communication.origin");
        t.communication.createdBy = marker("communication.createdBy");
        t.meeting = new TimelineEntry.Meeting();
        t.meeting.title = marker("meeting.title");
        t.meeting.startsAt = Instant.parse("2025-05-02T10:00:00Z");
        t.meeting.attendees.add(new TimelineEntry.Attendee(marker("meeting.attendees.name"), marker("meeting.attendees.email")));
        t.meeting.agenda.add(marker("meeting.agenda"));
        t.meeting.actionItemIds.add(marker("meeting.actionItemIds"));
        t.meeting.scheduledBy = marker("meeting.scheduledBy");
        t.decision = new TimelineEntry.Decision();
        t.decision.title = marker("decision.title");
        t.decision.rationale = marker("decision.rationale");
        t.decision.decidedBy = marker("decision.decidedBy");
        t.decision.decidedAt = Instant.parse("2025-05-03T10:00:00Z");
        return t;
    }

    @ParameterizedTest
    @EnumSource(TimelineKind.class)
    void aPartnerSeesOnlyTheAllowedFieldsOfEachKind(TimelineKind kind) {
        String partnerId = newId();
        TimelineEntry entry = everythingFilled(partnerId, kind);
        assertTrue(timeline.insertOnce(entry).await().atMost(Duration.ofSeconds(10)));
        Set<String> allowed = ALLOWED.get(kind);
        assertNotNull(allowed, "the test lists kind " + kind);

        String admin = given().auth().oauth2(Tokens.admin()).get("/api/partners/" + partnerId + "/timeline").then()
                .statusCode(200).extract().asString();
        for (String field : FIELDS) {
            assertTrue(admin.contains(marker(field)), "the admin sees " + field + " of " + kind);
        }
        String signedIn = given().auth().oauth2(Tokens.partner(partnerId)).get("/api/partners/" + partnerId + "/timeline")
                .then().statusCode(200).extract().asString();
        String one = given().auth().oauth2(Tokens.partner(partnerId))
                .get("/api/partners/" + partnerId + "/timeline/" + entry.id).then().statusCode(200).extract().asString();
        String viaPortal = given().auth().oauth2(portal(partnerId)).get("/api/portal/tok/timeline").then().statusCode(200)
                .extract().asString();
        for (String view : List.of(signedIn, one, viaPortal)) {
            for (String field : FIELDS) {
                assertEquals(allowed.contains(field), view.contains(marker(field)),
                        kind + ": " + field + (allowed.contains(field) ? " must show" : " must not show") + " in " + view);
            }
            assertFalse(view.contains("2031-01-02"), "no follow-up date: " + view);
            assertFalse(view.contains("recordedAt"), view);
        }
        JsonPath p = new JsonPath(viaPortal);
        assertEquals(kind.key(), p.getString("items[0].kind"));
        assertEquals("2025-05-01T10:00:00Z", p.getString("items[0].occurredAt"));
        assertNotNull(p.getString("items[0].title"), "every entry has a title for the partner");
    }
}
