package org.partnerportal.gateway.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the gateway with Quarkus's own URI check switched off: it answers a URI that
 * {@code java.net.URI} rejects ({@code /api/partners/%ZZ}) with a bare {@code 400} before any route
 * runs. {@link org.partnerportal.gateway.proxy.MalformedUris} makes the same check as the first
 * route and answers it as problem+json. The property is read once, when Quarkus's HTTP recorder
 * class loads, so it is set before Quarkus starts (the tests set it in the build, the native image
 * at build time).
 */
@QuarkusMain
public class GatewayMain {

    static final String URI_VALIDATION_OFF = "vertx.disableURIValidation";

    public static void main(String... args) {
        if (System.getProperty(URI_VALIDATION_OFF) == null) {
            System.setProperty(URI_VALIDATION_OFF, "true");
        }
        Quarkus.run(args);
    }
}
