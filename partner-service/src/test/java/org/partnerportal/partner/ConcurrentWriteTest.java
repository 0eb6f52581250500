package org.partnerportal.partner;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.partner.Fixtures.body;
import static org.partnerportal.partner.Fixtures.create;
import static org.partnerportal.partner.Fixtures.unique;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.partnerportal.partner.domain.Partner;
import org.partnerportal.partner.repository.PartnerRepository;
import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * The version-guarded write (a find-and-modify on {@code _id + version}) under contention: writers
 * changing one partner at the same time each either land once or are refused, none overwrites
 * another's change, and the version counts exactly the changes that landed.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
class ConcurrentWriteTest {

    @Inject
    PartnerRepository partners;

    @Test
    void concurrentInvitesToOnePartnerAreEachKeptOnce() throws Exception {
        String id = create(body(unique("Race Co")));
        long before = stored(id).version;
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < writers; i++) {
                String email = "racer" + i + "@race.test";
                answers.add(pool.submit(() -> {
                    go.await();
                    return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                            .body(Map.of("email", email, "name", "Racer")).when().post("/api/partners/" + id + "/invites")
                            .then().extract().statusCode();
                }));
            }
            go.countDown();
            Set<String> accepted = new TreeSet<>();
            for (int i = 0; i < writers; i++) {
                int status = answers.get(i).get(2, TimeUnit.MINUTES);
                assertTrue(status == 202 || status == 409, "invite " + i + " answered " + status);
                if (status == 202) {
                    accepted.add("racer" + i + "@race.test");
                }
            }
            assertTrue(!accepted.isEmpty(), "at least one writer wins each round");
            Partner after = stored(id);
            assertEquals(accepted, after.invites.stream().map(inv -> inv.email).collect(Collectors.toCollection(TreeSet::new)));
            assertEquals(accepted.size(), after.invites.size());
            assertEquals(before + accepted.size(), after.version);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private Partner stored(String id) {
        return partners.findById(id).await().atMost(Duration.ofSeconds(5));
    }
}
