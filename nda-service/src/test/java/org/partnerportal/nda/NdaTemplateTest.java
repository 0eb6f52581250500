package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(NdaTestResource.class)
class NdaTemplateTest {

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String resource(String path) throws Exception {
        try (InputStream in = NdaTemplateTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "en", "ar" })
    void theCurrentTextComesWithItsVersionAndTheHashOfItsExactBytes(String lang) throws Exception {
        ExtractableResponse<Response> r = given().auth().oauth2(Tokens.anonymous())
                .when().get("/api/nda/template?lang=" + lang)
                .then().statusCode(200).contentType("application/json")
                .body("lang", equalTo(lang)).body("version", equalTo("2025-04-v1"))
                .extract();
        String text = r.path("text");
        assertEquals(resource("nda/2025-04-v1/nda." + lang + ".md"), text, "served byte for byte");
        assertEquals(sha256(text), r.path("sha256"));
        assertEquals(64, ((String) r.path("sha256")).length());
    }

    @Test
    void theTextsAreTheBilingualMutualNda() {
        given().when().get("/api/nda/template?lang=en").then().statusCode(200)
                .body("text", containsString("Mutual Non-Disclosure Agreement"))
                .body("text", containsString("three (3) years"))
                .body("text", containsString("Royal Decree 39/2025"));
        given().when().get("/api/nda/template?lang=ar").then().statusCode(200)
                .body("text", containsString("اتفاقية عدم إفصاح متبادلة"))
                .body("text", containsString("39/2025"));
    }

    @Test
    void anyCallerMayReadItWithOrWithoutAToken() {
        given().when().get("/api/nda/template?lang=en").then().statusCode(200);
        given().auth().oauth2(Tokens.partner("p-1")).when().get("/api/nda/template?lang=en").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).when().get("/api/nda/template").then().statusCode(200)
                .body("lang", equalTo("en"));
    }

    @Test
    void anUnknownLanguageIsABadRequest() {
        given().when().get("/api/nda/template?lang=fr")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors.field", hasItem("lang"));
        given().auth().oauth2(Tokens.anonymous()).when().get("/api/nda/template?lang=english")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("lang"));
    }
}
