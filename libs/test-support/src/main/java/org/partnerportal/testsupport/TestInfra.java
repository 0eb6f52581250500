package org.partnerportal.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The real servers a service's tests run against, each started at most once per test JVM.
 * <p>
 * Quarkus may load this class in more than one class loader (one per application start), so the
 * "already started" state lives in system properties, which every loader shares: the first start
 * publishes the address and later calls reuse it.
 */
public final class TestInfra {

    public static final String MONGO_URI = "pp.test.mongo.uri";
    public static final String KAFKA_BOOTSTRAP = "pp.test.kafka.bootstrap";
    public static final String KEYS_DIR = "pp.test.keys.dir";

    private TestInfra() {
    }

    /** An in-process MongoDB-wire server (mongo-java-server, memory backend) on a free port. */
    public static synchronized String mongoUri() {
        String uri = System.getProperty(MONGO_URI);
        if (uri == null) {
            MongoServer server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-wire-stop"));
            System.setProperty(MONGO_URI, uri);
        }
        return uri;
    }

    private static MongoClient testClient;

    /**
     * {@code name} on the shared MongoDB-wire server through a blocking client of the tests' own
     * (one per class loader, closed when the JVM exits): what a test reads or writes behind the
     * service's back, as the stored documents are.
     */
    public static synchronized MongoDatabase mongoDatabase(String name) {
        if (testClient == null) {
            MongoClient client = MongoClients.create(mongoUri());
            Runtime.getRuntime().addShutdownHook(new Thread(client::close, "mongo-test-client-close"));
            testClient = client;
        }
        return testClient.getDatabase(name);
    }

    /** A real single-node KRaft Kafka broker, in process, from Apache Kafka's own test kit. */
    public static synchronized String kafkaBootstrap() {
        String bootstrap = System.getProperty(KAFKA_BOOTSTRAP);
        if (bootstrap == null) {
            // A broker that meets a fatal error while the JVM shuts down calls Exit.halt(1), which
            // would turn a green test run into a failed fork: in a test JVM it must not end the process.
            org.apache.kafka.common.utils.Exit.setHaltProcedure((status, message) -> System.err
                    .println("In-process Kafka asked to halt with status " + status + ": " + message));
            org.apache.kafka.common.utils.Exit.setExitProcedure((status, message) -> System.err
                    .println("In-process Kafka asked to exit with status " + status + ": " + message));
            try {
                KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                        .setConfigProp("auto.create.topics.enable", "true")
                        .setConfigProp("num.partitions", "3")
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
                bootstrap = cluster.bootstrapServers();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        cluster.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }, "kafka-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("The in-process Kafka broker did not start", e);
            }
            System.setProperty(KAFKA_BOOTSTRAP, bootstrap);
        }
        return bootstrap;
    }

    /**
     * A fresh RSA key pair standing in for the gateway's internal-JWT key: the public half is what
     * the service under test trusts, the private half is how {@link Tokens} mints callers. Beside it
     * the token-link keys: {@code proposal-token-private.pem}/{@code -public.pem} (RSA) and
     * {@code portal-hmac.key} (base64, 256 bits).
     */
    public static synchronized Path keysDir() {
        String dir = System.getProperty(KEYS_DIR);
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("pp-test-keys");
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
                KeyPair pair = gen.generateKeyPair();
                write(d.resolve("internal-jwt-private.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded());
                write(d.resolve("internal-jwt-public.pem"), "PUBLIC KEY", pair.getPublic().getEncoded());
                // the token-link keys of nda-service and the gateway, like the local stack's secrets
                KeyPair proposal = gen.generateKeyPair();
                write(d.resolve("proposal-token-private.pem"), "PRIVATE KEY", proposal.getPrivate().getEncoded());
                write(d.resolve("proposal-token-public.pem"), "PUBLIC KEY", proposal.getPublic().getEncoded());
                byte[] hmac = new byte[32];
                new java.security.SecureRandom().nextBytes(hmac);
                Files.writeString(d.resolve("portal-hmac.key"), Base64.getEncoder().encodeToString(hmac) + "\n");
                dir = d.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            System.setProperty(KEYS_DIR, dir);
        }
        return Path.of(dir);
    }

    private static void write(Path file, String label, byte[] der) throws IOException {
        String pem = "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
        Files.writeString(file, pem);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
