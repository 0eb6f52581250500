package org.partnerportal.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole system, brought up for the bench with the project's own launcher
 * ({@code deploy/local/up}) on its own ports ({@code --port-base}, the same offsets as the system
 * tests) and data folder, never the developer's stack. Also: the admin's Keycloak token, an
 * internal JWT for calling a service directly (signed with this stack's own key, as the gateway
 * would), a service's resident memory, and its start-up time.
 */
final class BenchStack {

    static final List<String> SERVICES = List.of("partner-service", "engagement-service", "nda-service",
            "notification-service", "gateway");
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

    final Path repo;
    final Path dir;
    final int base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Token adminToken;
    private final AtomicBoolean renewing = new AtomicBoolean();

    BenchStack(Path repo, Path dir, int base) {
        this.repo = repo;
        this.dir = dir;
        this.base = base;
    }

    /** Each component's port variable and its offset from the port base (the system tests' offsets). */
    private static final Map<String, Integer> PORTS = ports();

    private static Map<String, Integer> ports() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("PP_GATEWAY_PORT", 80);
        m.put("PP_PARTNER_PORT", 81);
        m.put("PP_ENGAGEMENT_PORT", 82);
        m.put("PP_NDA_PORT", 83);
        m.put("PP_NOTIFICATION_PORT", 84);
        m.put("PP_KEYCLOAK_PORT", 180);
        m.put("PP_KEYCLOAK_MGMT_PORT", 900);
        m.put("PP_KAFKA_PORT", 92);
        m.put("PP_KAFKA_CONTROLLER_PORT", 93);
        m.put("PP_MONGO_PORT", 17);
        m.put("PP_SMTP_PORT", 25);
        m.put("PP_IMAP_PORT", 143);
        m.put("PP_GREENMAIL_API_PORT", 26);
        return m;
    }

    int port(String component) {
        String variable = switch (component) {
            case "gateway" -> "PP_GATEWAY_PORT";
            case "partner-service" -> "PP_PARTNER_PORT";
            case "engagement-service" -> "PP_ENGAGEMENT_PORT";
            case "nda-service" -> "PP_NDA_PORT";
            case "notification-service" -> "PP_NOTIFICATION_PORT";
            case "keycloak" -> "PP_KEYCLOAK_PORT";
            case "mongo" -> "PP_MONGO_PORT";
            default -> throw new IllegalArgumentException(component);
        };
        return base + PORTS.get(variable);
    }

    String url(String component) {
        // localhost, as the launcher configures the stack: Keycloak puts the host it was asked on in the issuer
        return "http://localhost:" + port(component);
    }

    /**
     * The launcher's environment: this stack's ports and folder, no Maven build, and the gateway's
     * per-IP budget for public paths lifted — one load generator is one IP, and the bench measures
     * the system's speed, not its abuse protection.
     */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PP_STACK_DIR", dir.toString());
        env.put("PP_SKIP_BUILD", "1");
        env.put("PP_READY_TIMEOUT", "300");
        PORTS.forEach((variable, offset) -> env.put(variable, String.valueOf(base + offset)));
        env.put("PP_RATE_PUBLIC", "100000000/PT1M");
        return env;
    }

    /** Runs {@code deploy/local/<command>}; its output goes to {@code <dir>/launcher.log}. */
    void launcher(String... command) {
        launcher(Map.of(), command);
    }

    /** The same, with variables added to the launcher's environment (e.g. {@code PP_CDS}). */
    void launcher(Map<String, String> extra, String... command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(repo.resolve("deploy/local").resolve(command[0]).toString());
        cmd.addAll(List.of(command).subList(1, command.length));
        try {
            Files.createDirectories(dir);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("launcher.log").toFile()));
            pb.environment().putAll(environment());
            pb.environment().putAll(extra);
            Process p = pb.start();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed; see " + dir.resolve("launcher.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long pid(String component) {
        try {
            return Long.parseLong(Files.readString(dir.resolve("pids").resolve(component + ".pid")).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("No pid for " + component, e);
        }
    }

    /** Resident memory in MB (VmRSS of the JVM; the services run without a wrapper process). */
    double rssMb(String component) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid(component) + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * Stops a service and starts it again, and measures, from the moment the launcher starts the
     * JVM, the time until {@code /q/health/ready} first answers 200 (polled every 20 ms, so the
     * launcher's own 1-second poll does not round it).
     */
    double startupSeconds(String service) {
        launcher("stop", service);
        return readySeconds(service, Map.of());
    }

    /**
     * Starts a stopped service, with variables added to the launcher's environment, and measures the
     * same time as {@link #startupSeconds(String)}.
     */
    double readySeconds(String service, Map<String, String> extra) {
        Thread starter = new Thread(() -> launcher(extra, "start", service));
        long t0 = System.nanoTime();
        starter.start();
        URI ready = URI.create(url(service) + "/q/health/ready");
        while (true) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException(service + " not ready after 5 minutes");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return seconds;
    }

    /**
     * The demo admin's access token (Keycloak gives it 5 minutes). One older than two minutes is
     * renewed in the background while the caller goes on with it: the callers are the load's
     * schedule, and a renewal on that thread (282-984 ms here) delayed every request due meanwhile.
     * A renewal uses the refresh token, which spares Keycloak the password hash that the password
     * grant costs it (CPU the measured paths share); the caller waits only when there is no token
     * yet, or the last one is four minutes old.
     */
    String adminToken() {
        Token t = adminToken;
        if (t != null && t.youngerThan(Duration.ofMinutes(2))) {
            return t.access();
        }
        if (t != null && t.youngerThan(Duration.ofMinutes(4))) {
            if (renewing.compareAndSet(false, true)) {
                Thread renewal = new Thread(() -> {
                    try {
                        renewAdminToken();
                    } catch (RuntimeException e) {
                        System.out.println("      (admin token renewal failed, the next call waits for one: " + e + ")");
                    } finally {
                        renewing.set(false);
                    }
                }, "bench-token-renewal");
                renewal.setDaemon(true);
                renewal.start();
            }
            return t.access();
        }
        return renewAdminToken().access();
    }

    private synchronized Token renewAdminToken() {
        Token t = adminToken;
        if (t != null && t.youngerThan(Duration.ofMinutes(2))) {
            return t;
        }
        long t0 = System.nanoTime();
        Token renewed = null;
        String grant = "refresh token";
        if (t != null && t.refresh() != null) {
            try {
                renewed = grant("grant_type=refresh_token&client_id=partner-portal-cli&refresh_token="
                        + URLEncoder.encode(t.refresh(), StandardCharsets.UTF_8));
            } catch (IllegalStateException refused) {
                // an expired or revoked refresh token: the password grant below
            }
        }
        if (renewed == null) {
            grant = "password";
            renewed = grant("grant_type=password&client_id=partner-portal-cli&username=admin&password=admin");
        }
        adminToken = renewed;
        System.out.printf(Locale.ROOT, "      (admin token from Keycloak by %s at %s UTC, %.0f ms)%n", grant,
                renewed.at().toString().substring(11, 23), (System.nanoTime() - t0) / 1e6);
        return renewed;
    }

    /** One token request to Keycloak; the token it answers, or an exception saying what it answered. */
    private Token grant(String form) {
        HttpResponse<String> r = tokenRequest(form);
        Matcher access = TOKEN.matcher(r.body());
        if (r.statusCode() != 200 || !access.find()) {
            throw new IllegalStateException("No admin token: " + r.statusCode() + " " + r.body());
        }
        Matcher refresh = REFRESH_TOKEN.matcher(r.body());
        return new Token(access.group(1), refresh.find() ? refresh.group(1) : null, Instant.now());
    }

    private HttpResponse<String> tokenRequest(String form) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url("keycloak")
                    + "/realms/partner-portal/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Token(String access, String refresh, Instant at) {

        boolean youngerThan(Duration age) {
            return at.plus(age).isAfter(Instant.now());
        }
    }

    /** What the gateway would send to {@code service} for the admin: an RS256 internal JWT, 10 minutes. */
    String internalJwt(String service) {
        try {
            String pem = Files.readString(dir.resolve("secrets/internal-jwt-private.pem"))
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            long now = Instant.now().getEpochSecond();
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"internal-1\"}";
            String claims = "{\"iss\":\"partner-portal-gateway\",\"aud\":\"" + service + "\",\"sub\":\"bench-admin\","
                    + "\"groups\":[\"admin\"],\"auth\":\"oidc\",\"iat\":" + now + ",\"exp\":" + (now + 600)
                    + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rs256.sign());
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign an internal JWT with " + dir.resolve("secrets"), e);
        }
    }

    static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
