package org.partnerportal.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The expected access matrix ({@code access-matrix.txt} beside this class): for every route, what
 * the gateway does with each kind of caller, written from the API contract rather than read from
 * the gateway. One source for the gateway's {@code RoleMatrixTest} and the system tests'
 * {@code GatewayRolesIT} and {@code FuzzIT}. JDK only, so the system tests can take this jar
 * without its dependencies.
 */
public final class AccessMatrix {

    /** The callers, in the file's column order. */
    public enum Caller {
        ANONYMOUS, VISITOR, PARTNER_OWN, PARTNER_OTHER, ADMIN, SUPER_ADMIN, PROPOSAL_OWN, PROPOSAL_OTHER, PORTAL
    }

    /** One route: its method, path template, the expectation per caller and where it was read. */
    public record Route(String method, String template, Map<Caller, OptionalInt> refusal, String source) {

        /** Whether the gateway lets this caller through to the service. */
        public boolean allows(Caller caller) {
            return refusal.get(caller).isEmpty();
        }

        /** The status the gateway refuses this caller with; empty when it lets the caller through. */
        public OptionalInt refusedWith(Caller caller) {
            return refusal.get(caller);
        }

        public String key() {
            return method + " " + template;
        }
    }

    private static final Map<String, Route> ROUTES = load();

    private AccessMatrix() {
    }

    /** Every route of the matrix, by {@code "METHOD /template"}, in the file's order. */
    public static Map<String, Route> routes() {
        return ROUTES;
    }

    public static Route route(String method, String template) {
        Route r = ROUTES.get(method + " " + template);
        if (r == null) {
            throw new IllegalArgumentException("not in access-matrix.txt: " + method + " " + template);
        }
        return r;
    }

    private static Map<String, Route> load() {
        try (InputStream in = AccessMatrix.class.getResourceAsStream("/access-matrix.txt")) {
            if (in == null) {
                throw new IllegalStateException("access-matrix.txt is not on the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Route> parse(String text) {
        Map<String, Route> routes = new LinkedHashMap<>();
        Caller[] callers = Caller.values();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+", 2 + callers.length + 1);
            if (f.length < 2 + callers.length + 1) {
                throw new IllegalStateException("access-matrix.txt: a row needs method, path, "
                        + callers.length + " cells and a source: " + line);
            }
            Map<Caller, OptionalInt> cells = new EnumMap<>(Caller.class);
            for (int i = 0; i < callers.length; i++) {
                String cell = f[2 + i];
                cells.put(callers[i], switch (cell) {
                    case "ok" -> OptionalInt.empty();
                    case "401", "403", "404" -> OptionalInt.of(Integer.parseInt(cell));
                    default -> throw new IllegalStateException("access-matrix.txt: cell '" + cell + "' in " + line);
                });
            }
            Route route = new Route(f[0], f[1], Map.copyOf(cells), f[f.length - 1]);
            if (routes.put(route.key(), route) != null) {
                throw new IllegalStateException("access-matrix.txt: " + route.key() + " twice");
            }
        }
        return Collections.unmodifiableMap(routes);
    }

    /** The routes as a list, for tests that iterate. */
    public static List<Route> all() {
        return new ArrayList<>(ROUTES.values());
    }
}
