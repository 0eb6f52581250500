package org.partnerportal.nda.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One NDA signature record's evidence, and the hash chain over the records. The hash covers every
 * evidence field and the previous record's hash, so editing any record (or removing one) breaks
 * the chain from there on: that is the integrity check RD 39/2025 asks for, verifiable by anyone
 * holding the records.
 */
public record Evidence(String reference, long seq, String partnerId, String partnerName, String contactName,
        String contactEmail, String contactTitle, String signature, String ip, String userAgent, Instant signedAt,
        String signedAtLocal, String timeZone, Instant expiresAt, String templateVersion, String lang, String textSha256,
        String consent, String authMethod, String credentialId, String issuer, String prevHash) {

    public static final ZoneId OMAN = ZoneId.of("Asia/Muscat");
    public static final String GENESIS = "0".repeat(64);
    public static final int VALID_YEARS = 3;
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    public static String reference(long seq) {
        return String.format("NDA-%05d", seq);
    }

    /** Millisecond precision: what the database keeps, so a re-read record hashes the same. */
    public static Instant truncate(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    public static String omanTime(Instant t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(OMAN).toOffsetDateTime());
    }

    public static Instant expiry(Instant signedAt) {
        return signedAt.atZone(java.time.ZoneOffset.UTC).plusYears(VALID_YEARS).toInstant();
    }

    /**
     * What the signer consented to: the one text shown, named by its language, version and hash
     * (the signer reads and hashes one language; the wording claims nothing more).
     */
    public static String consentWording(String version, String lang, String sha256) {
        return "I have read the Mutual Non-Disclosure Agreement in " + languageName(lang) + ", version " + version
                + " (SHA-256 " + sha256 + "), and I agree to it. Typing my name is my electronic signature under the "
                + "Electronic Transactions Law of the Sultanate of Oman (Royal Decree 39/2025).";
    }

    static String languageName(String lang) {
        return switch (lang) {
            case "en" -> "English";
            case "ar" -> "Arabic";
            default -> throw new IllegalArgumentException("No NDA text language " + lang);
        };
    }

    /** The exact bytes that are hashed: a fixed field order, times as ISO-8601 UTC. */
    public String canonical() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", reference);
        m.put("seq", seq);
        m.put("partnerId", partnerId);
        m.put("partnerName", partnerName);
        m.put("contactName", contactName);
        m.put("contactEmail", contactEmail);
        m.put("contactTitle", contactTitle);
        m.put("signature", signature);
        m.put("ip", ip);
        m.put("userAgent", userAgent);
        m.put("signedAt", signedAt.toString());
        m.put("signedAtLocal", signedAtLocal);
        m.put("timeZone", timeZone);
        m.put("expiresAt", expiresAt.toString());
        m.put("templateVersion", templateVersion);
        m.put("lang", lang);
        m.put("textSha256", textSha256);
        m.put("consent", consent);
        m.put("authMethod", authMethod);
        m.put("credentialId", credentialId);
        m.put("issuer", issuer);
        m.put("prevHash", prevHash);
        try {
            return CANONICAL.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String hash() {
        return sha256Hex(canonical().getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
