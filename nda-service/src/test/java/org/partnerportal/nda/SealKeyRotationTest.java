package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import org.junit.jupiter.api.Test;
import org.partnerportal.nda.service.SealKeys;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * The NDA seal has a key of its own with a key id stored beside each seal; a rotation keeps the
 * older public key in the key set, and {@code /api/ndas/verify} checks each record with its key.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class SealKeyRotationTest {

    @Inject
    SealKeys sealKeys;

    private static String sign(String partnerId, String name) {
        JsonPath en = Fixtures.template("en");
        return given().auth().oauth2(Fixtures.holder(partnerId)).contentType("application/json")
                .body(Fixtures.ndaBody(name, "seal@rotation.test", en.getString("version"), en.getString("sha256")))
                .post("/api/proposals/" + partnerId + "/nda").then().statusCode(201).extract().path("reference");
    }

    private static String kidOf(String reference) {
        return given().auth().oauth2(Tokens.admin()).get("/api/ndas/" + reference).then().statusCode(200).extract().path("sealKeyId");
    }

    @Test
    void recordsSealedBeforeARotationStillVerifyWithTheirKey() throws Exception {
        String id = Fixtures.partner("Seal Rotation Co");
        String before = sign(id, "Before Rotation");
        String oldKid = kidOf(before);
        assertTrue(oldKid.startsWith("seal-"), "a sealing key of its own, not the proposal key: " + oldKid);
        assertEquals(oldKid, sealKeys.signer().kid());

        // rotate: the old public key goes into the key set, a new private key takes over
        Path oldPublic = NdaTestResource.SEAL_PUBLIC_KEYS.resolve(oldKid + ".pem");
        Files.writeString(oldPublic, NdaTestResource.pem("PUBLIC KEY",
                sealKeyPublic(sealKeys.signer()).getEncoded()));
        KeyPair next = NdaTestResource.newPair();
        NdaTestResource.writeSealKey(next);
        sealKeys.reload();

        String after = sign(id, "After Rotation");
        String newKid = kidOf(after);
        assertNotEquals(oldKid, newKid);
        assertEquals(SealKeys.kid(next.getPublic()), newKid);
        given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().statusCode(200)
                .body("valid", equalTo(true)).body("firstBroken", equalTo(null));

        // without the old public key the older record cannot be verified, and verify says which and why
        Path aside = oldPublic.resolveSibling(oldKid + ".pem.aside");
        Files.move(oldPublic, aside);
        sealKeys.reload();
        try {
            JsonPath v = given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().statusCode(200)
                    .body("valid", equalTo(false)).extract().jsonPath();
            assertTrue(v.getString("reason").contains(oldKid), v.prettify());
        } finally {
            Files.move(aside, oldPublic);
            sealKeys.reload();
        }
        given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    private static java.security.PublicKey sealKeyPublic(SealKeys.Signer signer) {
        java.security.interfaces.RSAPrivateCrtKey crt = (java.security.interfaces.RSAPrivateCrtKey) signer.key();
        try {
            return java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
