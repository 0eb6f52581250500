package org.partnerportal.nda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;
import org.partnerportal.testsupport.Tokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The completion certificate as a reader and a text extractor see it: an Arabic signer's name in
 * Arabic letters (not {@code ????}), shaped and in the right order; and the consent it records
 * names the one text that was shown.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class CertificateTest {

    /** The PDF's text as PDFBox extracts it (visual order turned back into logical order). */
    static String text(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every glyph's Unicode value as the PDF's ToUnicode map gives it, before any normalisation. */
    static List<String> glyphs(byte[] pdf) throws IOException {
        List<String> out = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition text) {
                    out.add(text.getUnicode());
                    super.processTextPosition(text);
                }
            };
            stripper.getText(doc);
        }
        return out;
    }

    private static String nfkc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC);
    }

    @Test
    void anArabicNameIsPrintedInArabicShapedAndRightToLeft() throws Exception {
        String id = Fixtures.partner("Certificate Co");
        JsonPath ar = Fixtures.template("ar");
        String name = "عائشة البلوشي";
        String title = "مديرة الشراكات";
        String ref = given().auth().oauth2(Fixtures.holder(id)).contentType("application/json")
                .body("{\"contactName\":\"" + name + "\",\"contactEmail\":\"aisha@certificate.test\",\"contactTitle\":\"" + title
                        + "\",\"signature\":\"" + name + "\",\"templateVersion\":\"" + ar.getString("version")
                        + "\",\"textSha256\":\"" + ar.getString("sha256") + "\"}")
                .post("/api/proposals/" + id + "/nda").then().statusCode(201).extract().path("reference");
        byte[] pdf = given().auth().oauth2(Tokens.admin()).get("/api/ndas/" + ref + "/certificate").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();

        String text = text(pdf);
        assertFalse(text.contains("??"), "no question marks for the Arabic text:\n" + text);
        // PDFTextStripper maps the presentation forms back (NFKC) and the visual order back to
        // logical order; both sides are NFKC-normalised so the comparison does not depend on it
        String normalised = nfkc(text);
        assertTrue(normalised.contains("Name: " + nfkc(name)), "the name in logical order:\n" + text);
        assertTrue(normalised.contains("Typed signature: " + nfkc(name)), text);
        assertTrue(normalised.contains("Title: " + nfkc(title)), text);
        assertTrue(text.contains(ref) && text.contains("Certificate of Completion"), text);
        // shaped: the glyphs drawn are the joined (contextual) forms, U+FE70..U+FEFF, not the bare letters
        List<String> glyphs = glyphs(pdf);
        assertTrue(glyphs.stream().anyMatch(g -> !g.isEmpty() && g.charAt(0) >= 0xFE70 && g.charAt(0) <= 0xFEFF),
                "contextual forms drawn: " + glyphs);
        assertTrue(glyphs.stream().noneMatch(g -> !g.isEmpty() && g.charAt(0) >= 0x0621 && g.charAt(0) <= 0x064A),
                "no unshaped Arabic letter drawn");
        // deterministic: the same record gives the same bytes
        assertArrayEquals(pdf, given().auth().oauth2(Tokens.admin()).get("/api/ndas/" + ref + "/certificate").then()
                .statusCode(200).extract().asByteArray());
    }

    @Test
    void theConsentNamesTheOneTextThatWasShown() {
        String id = Fixtures.partner("Consent Co");
        JsonPath en = Fixtures.template("en");
        String ref = given().auth().oauth2(Fixtures.holder(id)).contentType("application/json")
                .body(Fixtures.ndaBody("Omar Consent", "omar@consent.test", en.getString("version"), en.getString("sha256")))
                .post("/api/proposals/" + id + "/nda").then().statusCode(201).extract().path("reference");
        JsonPath rec = given().auth().oauth2(Tokens.admin()).get("/api/ndas/" + ref).then().statusCode(200)
                .body("lang", equalTo("en")).body("templateVersion", equalTo(en.getString("version")))
                .body("textSha256", equalTo(en.getString("sha256"))).extract().jsonPath();
        String consent = rec.getString("consent");
        assertTrue(consent.contains("in English, version " + en.getString("version") + " (SHA-256 " + en.getString("sha256") + ")"),
                consent);
        assertFalse(consent.contains("Arabic"), "the signer read one language: " + consent);

        JsonPath ar = Fixtures.template("ar");
        String arRef = given().auth().oauth2(Fixtures.holder(id)).contentType("application/json")
                .body(Fixtures.ndaBody("Omar Consent", "omar@consent.test", ar.getString("version"), ar.getString("sha256")))
                .post("/api/proposals/" + id + "/nda").then().statusCode(201).extract().path("reference");
        String arConsent = given().auth().oauth2(Tokens.admin()).get("/api/ndas/" + arRef).then().statusCode(200)
                .body("lang", equalTo("ar")).extract().path("consent");
        assertTrue(arConsent.contains("in Arabic, version " + ar.getString("version") + " (SHA-256 " + ar.getString("sha256") + ")"),
                arConsent);
        assertFalse(arConsent.contains("English"), arConsent);
        assertEquals(true, given().auth().oauth2(Tokens.admin()).get("/api/ndas/verify").then().extract().path("valid"));
    }
}
