package org.partnerportal.systemtests;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens from the local realm's password grant, exactly as a CLI user would get them. */
final class Keycloak {

    /** The realm's access tokens live five minutes; a cached one is used for at most two. */
    private static final Duration REUSE = Duration.ofMinutes(2);

    private record Issued(String token, Instant at) {
    }

    private static final Map<String, Issued> TOKENS = new ConcurrentHashMap<>();

    private Keycloak() {
    }

    /** A fresh-enough token for a demo user (password = user name); cached for the run. */
    static String token(String user) {
        Issued issued = TOKENS.compute(user, (u, old) -> old != null && old.at().plus(REUSE).isAfter(Instant.now())
                ? old : new Issued(passwordGrant(u), Instant.now()));
        return issued.token();
    }

    static String passwordGrant(String user) {
        return given().baseUri(Stack.keycloak()).formParam("grant_type", "password")
                .formParam("client_id", "partner-portal-cli").formParam("username", user).formParam("password", user)
                .formParam("scope", "openid")
                .when().post("/realms/partner-portal/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }
}
