package org.partnerportal.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A caller that leaves before the service answers (a browser that moves on to the next page) must
 * not cost anybody else their call. The gateway used to reset the service's answer when it found
 * the caller gone; on HTTP/1.1 a reset closes the pooled connection, and one already handed to the
 * next call failed that call with a 502 (AdminConsoleIT, CI of 2026-12-05). A short answer is now
 * read to its end and dropped, so its connection goes back to the pool whole.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class AbandonedCallTest {

    @Test
    void aCallerThatLeavesBeforeAShortAnswerClosesNoConnectionToTheService() throws Exception {
        String admin = OidcTokens.of("admin", "admin");
        AtomicInteger closed = GatewayTestResource.ECHO_CONNECTIONS_CLOSED.get("engagement-service");
        // a pooled connection to the service, in use before the abandoned call
        RestAssured.given().auth().oauth2(admin).get("/api/dashboard").then().statusCode(200);
        AtomicInteger received = GatewayTestResource.ECHO_REQUESTS.get("engagement-service");
        int before = closed.get();
        int requestsBefore = received.get();

        try (Socket caller = new Socket("localhost", RestAssured.port)) {
            OutputStream out = caller.getOutputStream();
            out.write(("GET /api/dashboard HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + admin
                    + "\r\nX-Test-Delay-Ms: 500\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the caller leaves once the gateway has passed its call on
            await().atMost(Duration.ofSeconds(10)).until(() -> received.get() > requestsBefore);
        }
        // the service answers after 500 ms, to nobody; the connection must stay open through and after it
        await("no connection to the service closed by the abandoned call")
                .during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> closed.get() == before);

        for (int i = 0; i < 5; i++) {
            RestAssured.given().auth().oauth2(admin).get("/api/dashboard").then().statusCode(200);
        }
        assertEquals(before, closed.get(), "the calls after it use the pooled connections");
    }
}
