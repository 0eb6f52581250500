package org.partnerportal.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;

/**
 * The local stack's MongoDB: mongo-java-server speaking the MongoDB wire protocol, keeping its
 * data in one H2 MVStore file so that it survives a stop, a restart and a {@code kill -9}: what
 * it acknowledged is in that file before the reply goes out ({@link DurableH2Backend}).
 * <p>
 * Usage: {@code MongoWireServer [data-file [port [host]]]}; missing arguments come from
 * {@code PP_MONGO_FILE}, {@code PP_MONGO_PORT} and {@code PP_MONGO_HOST} (defaults
 * {@code .local/stack/data/mongo/mongo.mv}, 27017, 127.0.0.1).
 */
public final class MongoWireServer {

    /**
     * The store's own timed save, kept as a backstop for changes made outside a command (index
     * builds, cursor clean-up); every command's changes are saved before its reply.
     */
    private static final int AUTO_COMMIT_DELAY_MS = 100;

    private MongoWireServer() {
    }

    public static void main(String[] args) throws InterruptedException, java.io.IOException {
        Path file = Path.of(arg(args, 0, "PP_MONGO_FILE", ".local/stack/data/mongo/mongo.mv"));
        int port = Integer.parseInt(arg(args, 1, "PP_MONGO_PORT", "27017"));
        String host = arg(args, 2, "PP_MONGO_HOST", "127.0.0.1");

        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        store.setAutoCommitDelay(AUTO_COMMIT_DELAY_MS);
        MongoServer server = new MongoServer(new DurableH2Backend(store));
        server.bind(host, port);
        System.out.println("MongoDB wire server on " + host + ":" + port + ", data in " + file.toAbsolutePath());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("MongoDB wire server stopping");
            // shutdown() closes the backend, which commits and closes the MVStore file cleanly
            server.shutdown();
            stopped.countDown();
            System.out.println("MongoDB wire server stopped");
        }, "mongo-wire-stop"));
        stopped.await();
    }

    private static String arg(String[] args, int index, String env, String fallback) {
        if (args.length > index && !args[index].isBlank()) {
            return args[index];
        }
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }
}
