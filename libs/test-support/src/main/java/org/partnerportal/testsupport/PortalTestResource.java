package org.partnerportal.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a service under test at the shared in-process MongoDB-wire server and Kafka broker, and
 * makes it trust the test's internal-JWT key. Servers outlive the application: they stop with the JVM.
 */
public class PortalTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.mongodb.connection-string", TestInfra.mongoUri(),
                "kafka.bootstrap.servers", TestInfra.kafkaBootstrap(),
                "mp.jwt.verify.publickey.location", TestInfra.keysDir().resolve("internal-jwt-public.pem").toString());
    }

    @Override
    public void stop() {
        // shared for the whole test JVM; see TestInfra
    }
}
