package org.partnerportal.systemtests;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

/**
 * Client addresses for the system tests, each handed out once per run, so that no test spends
 * another's per-address budget at the gateway (proposal unlock 5 an hour, NDA signing 3, public
 * paths 120 a minute). The stack believes {@code X-Forwarded-For} from the loopback
 * ({@code PP_TRUSTED_PROXIES} in {@link Stack}), so an address travels in that header.
 * <p>
 * As a JUnit extension (registered for every test class through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}), it gives each test class an
 * address of its own for all its REST Assured calls: the class's {@code given()}s carry it unless
 * the class is marked {@link OwnAddresses}, because it sends addresses of its own per request.
 */
public final class ClientAddresses implements BeforeAllCallback, AfterAllCallback {

    /** A test class that sends its own {@code X-Forwarded-For} (or its own source addresses) per request. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    public @interface OwnAddresses {
    }

    public static final String HEADER = "X-Forwarded-For";
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** A new address in 10.0.0.0/8, never handed out before in this run. */
    public static String next() {
        int n = NEXT.incrementAndGet();
        return "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getRequiredTestClass().isAnnotationPresent(OwnAddresses.class)) {
            return;
        }
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader(HEADER, next()).build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RestAssured.requestSpecification = null;
    }
}
