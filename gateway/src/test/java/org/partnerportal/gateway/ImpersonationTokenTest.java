package org.partnerportal.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.partnerportal.testsupport.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The admin-API token behind impersonation (quarkus-oidc-client, named client {@code keycloak-users}):
 * a token the identity provider revokes early is replaced and the lookup sent once more; a rotated
 * secret file is read again when the provider refuses the old secret; neither secret nor token is
 * ever logged. Each lookup is of a user nobody looked up before, so no cached answer hides the call.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class ImpersonationTokenTest {

    private static LogCapture log;

    @BeforeAll
    static void captureLogs() {
        log = LogCapture.of("");
    }

    @AfterAll
    static void noSecretOrTokenWasLogged() {
        log.close();
        List<String> secretsAndTokens = new ArrayList<>(GatewayTestResource.userReader.secrets);
        secretsAndTokens.add("admin-token-");
        log.assertNoLineContains(secretsAndTokens);
    }

    /** Looks up a user the provider does not know: 422 when the lookup got an answer. */
    private static void lookUpSomeone() {
        given().auth().oauth2(OidcTokens.of("superadmin", "super_admin"))
                .header("X-Impersonate-User", "nobody-" + UUID.randomUUID())
                .when().get("/api/partner/me").then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void aTokenRevokedBeforeItExpiresIsReplacedAndTheLookupSentOnceMore() {
        GatewayTestResource.UserReaderClient reader = GatewayTestResource.userReader;
        lookUpSomeone(); // a token is held now
        int tokenRequests = reader.tokenRequests.get();
        int refusedTokens = reader.refusedTokens.get();

        reader.issued.clear();
        lookUpSomeone();
        assertEquals(refusedTokens + 1, reader.refusedTokens.get(), "one lookup met the revoked token");
        assertEquals(tokenRequests + 1, reader.tokenRequests.get(), "one new token");
        lookUpSomeone();
        assertEquals(tokenRequests + 1, reader.tokenRequests.get(), "the new token is kept");
    }

    @Test
    void aRotatedSecretFileIsReadAgainWhenTheProviderRefusesTheOldSecret() throws Exception {
        GatewayTestResource.UserReaderClient reader = GatewayTestResource.userReader;
        lookUpSomeone(); // a token is held now, got with the old secret
        int refusedGrants = reader.refusedGrants.get();

        reader.rotate("rotated-" + UUID.randomUUID());
        lookUpSomeone();
        assertEquals(refusedGrants + 1, reader.refusedGrants.get(), "the old secret was tried once, then the file read again");
        // and the partner user is still found with the new secret's token
        given().auth().oauth2(OidcTokens.of("superadmin", "super_admin"))
                .header("X-Impersonate-User", GatewayTestResource.PARTNER_USER)
                .when().get("/api/partner/me").then().statusCode(200)
                .header("X-Impersonated-User", GatewayTestResource.PARTNER_USER);
        assertTrue(reader.tokenRequests.get() > 0);
        // the audit line is written once the response has gone out: wait for it, so that the
        // check after all tests has this line to read, however late this was the last test
        log.awaitLineContaining(Duration.ofSeconds(5), "superadmin-sub", GatewayTestResource.PARTNER_USER);
    }
}
