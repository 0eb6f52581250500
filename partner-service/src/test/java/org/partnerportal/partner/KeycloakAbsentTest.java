package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.unique;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.partner.domain.Membership;
import org.partnerportal.partner.repository.MembershipRepository;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Provisioning is on but Keycloak cannot be reached and its client secret file does not exist (a
 * local stack started without Keycloak, or Keycloak down when the service starts): the service
 * starts all the same, is ready, and approves; the approval's account check is skipped, and the
 * provisioning is retried, then its event dead-lettered with the membership kept.
 */
@QuarkusTest
@TestProfile(KeycloakAbsentTest.Absent.class)
@WithTestResource(PortalTestResource.class)
class KeycloakAbsentTest {

    public static class Absent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path missing = Files.createTempDirectory("no-keycloak").resolve("keycloak-admin-api-client-secret");
                return Map.of("pp.partner.identity.enabled", "true",
                        "pp.partner.identity.keycloak-url", "http://127.0.0.1:" + closedPort(),
                        "pp.partner.identity.client-secret-file", missing.toString(),
                        // its own database: this application must not pick up the other tests' rows
                        "quarkus.mongodb.database", "partner-service-keycloak-absent");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int closedPort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }

    @Inject
    MembershipRepository memberships;

    @Test
    void theServiceStartsAndApprovesWhileKeycloakCannotBeReached() {
        given().when().get("/q/health/ready").then().statusCode(200);

        String partner = create(body(unique("Absent Keycloak Co")));
        String email = unique("absent") + "@example.com";
        String requestId = given().auth().oauth2(Tokens.anonymous()).contentType(ContentType.JSON)
                .body(Map.of("name", "Absent Person", "email", email, "company", "Absent Co"))
                .when().post("/api/partner/register").then().statusCode(202).extract().path("id");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("partnerId", partner))
                .when().post("/api/access-requests/" + requestId + "/approve").then().statusCode(200);

        KafkaEvents.await("partner-events.partner-service.dlq", r -> r.data() != null && r.data().contains(requestId), 1,
                Duration.ofSeconds(30));
        Membership kept = memberships.findById(Membership.idOf(email, partner)).await().atMost(Duration.ofSeconds(5));
        assertNotNull(kept, "the membership is stored before Keycloak is asked");
        assertNull(kept.provisionedAt);
    }
}
