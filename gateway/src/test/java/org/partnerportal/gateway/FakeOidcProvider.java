package org.partnerportal.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.smallrye.jwt.build.Jwt;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for Keycloak's authorization-code flow: discovery, keys, an authorization endpoint that
 * signs in the user named by its {@code user} parameter at once (demo users: superadmin, admin,
 * partner, visitor), a token endpoint that insists on the client secret and the PKCE verifier, and
 * the end-session endpoint. Tokens are signed with the test OIDC key, shaped like Keycloak's.
 */
final class FakeOidcProvider {

    static final String CLIENT_ID = "partner-portal-gateway";
    static final String CLIENT_SECRET = "test-web-client-secret-0123456789abcdef";
    static final String PARTNER_ID = "aaaa0000-0000-4000-8000-00000000000a";

    private record Grant(String user, String challenge, String nonce, String redirectUri) {
    }

    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private String issuer;

    /** Starts the provider; answers its issuer URL. */
    String start(Vertx vertx) {
        var server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String path = request.path();
            if (path.endsWith("/.well-known/openid-configuration")) {
                json(request, 200, new JsonObject().put("issuer", issuer)
                        .put("authorization_endpoint", issuer + "/auth").put("token_endpoint", issuer + "/token")
                        .put("jwks_uri", issuer + "/certs").put("end_session_endpoint", issuer + "/logout")
                        .put("code_challenge_methods_supported", new JsonArray().add("S256")));
            } else if (path.endsWith("/certs")) {
                json(request, 200, new JsonObject().put("keys", new JsonArray().add(jwk())));
            } else if (path.endsWith("/auth")) {
                authorize(request);
            } else if (path.endsWith("/token")) {
                token(request, form(body.toString()));
            } else if (path.endsWith("/logout")) {
                request.response().setStatusCode(302)
                        .putHeader("Location", request.getParam("post_logout_redirect_uri")).end();
            } else {
                request.response().setStatusCode(404).end();
            }
        }));
        try {
            int port = server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            issuer = "http://localhost:" + port + "/realms/partner-portal";
            return issuer;
        } catch (Exception e) {
            throw new IllegalStateException("The stand-in OIDC provider did not start", e);
        }
    }

    private void authorize(HttpServerRequest request) {
        if (!"S256".equals(request.getParam("code_challenge_method")) || request.getParam("code_challenge") == null) {
            request.response().setStatusCode(400).end("PKCE (S256) is required");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(request.getParam("user"), request.getParam("code_challenge"),
                request.getParam("nonce"), request.getParam("redirect_uri")));
        String redirect = request.getParam("redirect_uri");
        request.response().setStatusCode(302).putHeader("Location", redirect + (redirect.contains("?") ? "&" : "?")
                + "code=" + code + "&state=" + request.getParam("state")).end();
    }

    private void token(HttpServerRequest request, MultiMap form) {
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        boolean authenticated = basic.equals(request.getHeader("Authorization"))
                || CLIENT_SECRET.equals(form.get("client_secret"));
        Grant grant = codes.remove(String.valueOf(form.get("code")));
        if (!authenticated || grant == null || !"authorization_code".equals(form.get("grant_type"))
                || !grant.redirectUri().equals(form.get("redirect_uri"))
                || !grant.challenge().equals(s256(String.valueOf(form.get("code_verifier"))))) {
            json(request, 400, new JsonObject().put("error", "invalid_grant"));
            return;
        }
        String user = grant.user();
        List<String> roles = switch (user) {
            case "superadmin" -> List.of("super_admin", "admin", "offline_access");
            case "admin" -> List.of("admin", "offline_access");
            case "partner" -> List.of("partner", "offline_access");
            default -> List.of("offline_access");
        };
        var id = Jwt.issuer(issuer).audience(CLIENT_ID).subject(user + "-sub").claim("preferred_username", user)
                .claim("email", user + "@partnerportal.test").expiresIn(300);
        if (grant.nonce() != null) {
            id = id.claim("nonce", grant.nonce());
        }
        var access = Jwt.issuer(issuer).audience("account").subject(user + "-sub")
                .claim("realm_access", Map.of("roles", roles)).claim("email", user + "@partnerportal.test")
                .expiresIn(300);
        if ("partner".equals(user)) {
            id = id.claim("partnerId", PARTNER_ID);
            access = access.claim("partnerId", PARTNER_ID);
        }
        var key = GatewayTestResource.oidcKeys().getPrivate();
        json(request, 200, new JsonObject().put("token_type", "Bearer").put("expires_in", 300)
                .put("id_token", id.jws().keyId("test-oidc").sign(key))
                .put("access_token", access.jws().keyId("test-oidc").sign(key)));
    }

    private static MultiMap form(String body) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.add(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static JsonObject jwk() {
        RSAPublicKey key = (RSAPublicKey) GatewayTestResource.oidcKeys().getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return new JsonObject().put("kty", "RSA").put("kid", "test-oidc").put("use", "sig").put("alg", "RS256")
                .put("n", b64.encodeToString(unsigned(key.getModulus().toByteArray())))
                .put("e", b64.encodeToString(unsigned(key.getPublicExponent().toByteArray())));
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
