package org.partnerportal.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/**
 * A {@link MongoWireServer} in its own JVM, as the local stack runs it, so that a test can kill
 * it with SIGKILL (no shutdown hook runs) and start it again on the same files.
 */
final class WireServerProcess {

    private final Path file;
    private final int port;
    private final Map<String, String> env;
    private Process process;
    /** The server's "MongoDB wire server on ..." line of its last start. */
    private String readyLine;

    WireServerProcess(Path file, Map<String, String> env) throws IOException {
        this.file = file;
        this.port = freePort();
        this.env = env;
    }

    WireServerProcess start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                MongoWireServer.class.getName(), file.toString(), String.valueOf(port), "127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("MongoDB wire server on")) {
                readyLine = line;
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "mongo-wire-output");
                drain.setDaemon(true);
                drain.start();
                return this;
            }
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the wire server ended before it was ready:\n" + seen);
    }

    String readyLine() {
        return readyLine;
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: the shutdown hook closes the store cleanly. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    MongoClient client() {
        return MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=10000");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
