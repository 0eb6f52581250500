package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.partnerportal.common.audit.ImpersonationAudit;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import com.mongodb.client.model.Filters;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A request the gateway forwards for an impersonating super admin (the internal JWT names the
 * partner user and carries {@code impersonatedBy}) leaves a durable audit row in the service that
 * answered it; an ordinary request leaves none.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class ImpersonationAuditTest {

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private List<Document> rows(String actor) {
        return mongo.getDatabase(database).getCollection(ImpersonationAudit.COLLECTION)
                .find(Filters.eq("impersonatedBy", actor)).collect().asList().await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void everyImpersonatedRequestIsRecordedWithWhoActedAndAsWhom() {
        String partner = create(body(unique("Impersonated Co")));
        String actor = unique("superadmin-sub");
        String asPartner = Tokens.builder("partner-user-1", Set.of("partner"), partner, "oidc").claim("impersonatedBy", actor)
                .jws().keyId("internal-1").sign(Tokens.privateKey());
        given().auth().oauth2(asPartner).header("X-Request-Id", "req-" + actor).get("/api/partners/" + partner)
                .then().statusCode(200);
        given().auth().oauth2(asPartner).get("/api/partners").then().statusCode(403);
        given().auth().oauth2(Tokens.partner(partner)).get("/api/partners/" + partner).then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> rows(actor).size() == 2);
        Document ok = rows(actor).stream().filter(d -> d.getInteger("status") == 200).findFirst().orElseThrow();
        assertEquals("partner-user-1", ok.getString("subject"));
        assertEquals(partner, ok.getString("partnerId"));
        assertEquals("GET", ok.getString("method"));
        assertEquals("/api/partners/" + partner, ok.getString("path"));
        assertEquals("req-" + actor, ok.getString("requestId"));
        assertEquals(1, rows(actor).stream().filter(d -> d.getInteger("status") == 403).count(), "refusals are recorded too");
        // the partner's own request is not an impersonation
        assertEquals(0, mongo.getDatabase(database).getCollection(ImpersonationAudit.COLLECTION)
                .countDocuments(Filters.and(Filters.eq("partnerId", partner), Filters.ne("impersonatedBy", actor)))
                .await().atMost(Duration.ofSeconds(5)));
    }
}
