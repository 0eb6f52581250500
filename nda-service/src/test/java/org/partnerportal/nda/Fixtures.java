package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.partnerportal.events.PartnerEvents;
import org.partnerportal.common.links.ProposalTokens;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.TestInfra;
import org.partnerportal.testsupport.Tokens;

import io.restassured.path.json.JsonPath;

/** Partners, token-holder JWTs (as the gateway mints them) and event look-ups for the tests. */
final class Fixtures {

    static final Duration WITHIN = Duration.ofSeconds(90);

    private Fixtures() {
    }

    /** A partner as partner-service announces it; returns once the projection has it. */
    static String partner(String name) {
        String id = UUID.randomUUID().toString();
        KafkaEvents.publish(PartnerEvents.PARTNER_CREATED, id, "{\"partnerId\":\"" + id + "\",\"name\":\""
                + name + "\",\"tier\":\"gold\",\"stage\":\"draft\",\"primaryContact\":{\"name\":\"Salim Al-Harthy\",\"email\":\"salim-"
                + id.substring(0, 8) + "@partner.test\"}}");
        await().atMost(WITHIN).until(() -> given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/proposal-tokens")
                .statusCode() == 200);
        return id;
    }

    /** A partner partner-service created as a demo partner (the seed's flag, on PartnerCreated only). */
    static String demoPartner(String name) {
        String id = UUID.randomUUID().toString();
        KafkaEvents.publish(PartnerEvents.PARTNER_CREATED, id, "{\"partnerId\":\"" + id + "\",\"name\":\""
                + name + "\",\"tier\":\"gold\",\"stage\":\"draft\",\"demo\":true}");
        await().atMost(WITHIN).until(() -> given().auth().oauth2(Tokens.admin()).get("/api/partners/" + id + "/proposal-tokens")
                .statusCode() == 200);
        return id;
    }

    static void stage(String partnerId, String to) {
        KafkaEvents.publish(PartnerEvents.PARTNER_STAGE_CHANGED, partnerId,
                "{\"partnerId\":\"" + partnerId + "\",\"from\":\"mou_signed\",\"to\":\"" + to + "\"}");
    }

    /** Admin issues a token; returns the response body. */
    static JsonPath issue(String partnerId) {
        return given().auth().oauth2(Tokens.admin()).post("/api/partners/" + partnerId + "/proposal-token")
                .then().statusCode(201).extract().jsonPath();
    }

    static void content(String partnerId) {
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"sections\":{\"hero\":\"# Welcome " + partnerId + "\",\"terms\":\"Secret terms\"}}")
                .put("/api/partners/" + partnerId + "/proposal").then().statusCode(200);
    }

    static String proposalJwt(String partnerId, String jti) {
        return Tokens.builder("proposal:" + jti, Set.of("proposal"), partnerId, "proposal").claim("jti", jti)
                .jws().keyId("internal-1").sign(Tokens.privateKey());
    }

    static String codeJwt(String partnerId, String codeHash) {
        return Tokens.builder("proposal-code", Set.of("proposal"), partnerId, "proposal-code").claim("codeHash", codeHash)
                .jws().keyId("internal-1").sign(Tokens.privateKey());
    }

    static String portalJwt(String partnerId, long keyVersion) {
        return Tokens.builder("portal:" + partnerId, Set.of("portal"), partnerId, "portal").claim("keyVersion", keyVersion)
                .jws().keyId("internal-1").sign(Tokens.privateKey());
    }

    /** A proposal holder's JWT for a freshly issued token. */
    static String holder(String partnerId) {
        return proposalJwt(partnerId, issue(partnerId).getString("jti"));
    }

    static PublicKey proposalPublicKey() throws Exception {
        return ProposalTokens.readPublicKey(Files.readString(TestInfra.keysDir().resolve("proposal-token-public.pem")));
    }

    static byte[] portalKey() throws Exception {
        return org.partnerportal.common.links.PortalToken.decodeKey(Files.readString(TestInfra.keysDir().resolve("portal-hmac.key")));
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonPath template(String lang) {
        return given().get("/api/nda/template?lang=" + lang).then().statusCode(200).extract().jsonPath();
    }

    static String ndaBody(String name, String email, String version, String sha) {
        return "{\"contactName\":\"" + name + "\",\"contactEmail\":\"" + email + "\",\"contactTitle\":\"Head of Partnerships\","
                + "\"signature\":\"" + name + "\",\"templateVersion\":\"" + version + "\",\"textSha256\":\"" + sha + "\"}";
    }

    static List<KafkaEvents.Recorded> events(String topic, String partnerId, String type, int count) {
        return KafkaEvents.await(topic, r -> partnerId.equals(r.key()) && ("partnerportal." + type + ".v1").equals(r.type()),
                count, WITHIN);
    }

    static List<KafkaEvents.Recorded> events(String topic, Predicate<KafkaEvents.Recorded> p, int count) {
        return KafkaEvents.await(topic, p, count, WITHIN);
    }
}
