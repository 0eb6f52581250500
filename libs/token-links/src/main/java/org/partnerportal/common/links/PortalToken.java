package org.partnerportal.common.links;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The portal link token: {@code p2.<partnerId>.<keyVersion>.<expiresAt epoch seconds>.<base64url-no-padding(
 * HMAC-SHA256(key, "portal:" + partnerId + ":" + keyVersion + ":" + expiresAt))>}. The link dies at its
 * expiry, and bumping the partner's key version (nda-service) revokes every older link before that.
 * Shared by nda-service (issues) and the gateway (verifies); JDK only.
 *
 * <p>The first format, {@code p1.<partnerId>.<keyVersion>.<mac>}, had no expiry: such a link lived as
 * long as its key version. It is refused now (a partner holding one is sent a new link), so that no
 * portal link lives forever.
 */
public final class PortalToken {

    public static final String PREFIX = "p2";
    /** How long a portal link is valid unless the issuer is configured otherwise. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(90);
    private static final String HMAC = "HmacSHA256";
    private static final int MAX_LENGTH = 512;

    /** A verified token: who it names, which key version it was made for, until when it is valid. */
    public record Parsed(String partnerId, long keyVersion, Instant expiresAt) {
    }

    private PortalToken() {
    }

    /**
     * The token for a partner at a key version, valid until {@code expiresAt} (whole seconds);
     * {@code key} is the decoded content of {@code portal-hmac.key}.
     */
    public static String issue(byte[] key, String partnerId, long keyVersion, Instant expiresAt) {
        if (partnerId == null || partnerId.isEmpty() || partnerId.indexOf('.') >= 0 || keyVersion < 0 || expiresAt == null) {
            throw new IllegalArgumentException("A portal token needs a partner id without dots, a key version >= 0 and an expiry");
        }
        long exp = expiresAt.getEpochSecond();
        return PREFIX + "." + partnerId + "." + keyVersion + "." + exp + "." + mac(key, partnerId, keyVersion, exp);
    }

    /**
     * Parses and verifies a token at {@code now}; empty for anything malformed, with a wrong MAC, in
     * the old format without expiry, or expired. The MAC is compared in constant time. Whether the
     * key version is still the partner's current one is the services' business, not the codec's.
     */
    public static Optional<Parsed> verify(byte[] key, String token, Instant now) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 5 || !PREFIX.equals(parts[0]) || parts[1].isEmpty() || !digits(parts[2]) || !digits(parts[3])) {
            return Optional.empty();
        }
        long version = Long.parseLong(parts[2]);
        long exp = Long.parseLong(parts[3]);
        byte[] expected = mac(key, parts[1], version, exp).getBytes(StandardCharsets.US_ASCII);
        byte[] given = parts[4].getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochSecond(exp);
        return now.isBefore(expiresAt) ? Optional.of(new Parsed(parts[1], version, expiresAt)) : Optional.empty();
    }

    /** The key as {@code portal-hmac.key} holds it: base64 text (surrounding whitespace ignored). */
    public static byte[] decodeKey(String fileContent) {
        byte[] key = Base64.getDecoder().decode(fileContent.trim());
        if (key.length < 32) {
            throw new IllegalArgumentException("The portal HMAC key must be at least 256 bits");
        }
        return key;
    }

    /**
     * A number as this class writes it: ASCII digits, no leading zero. One link, one spelling:
     * "01" or a non-ASCII digit would carry the MAC of version 1 under another string.
     */
    private static boolean digits(String s) {
        return !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9')
                && (s.length() == 1 || s.charAt(0) != '0');
    }

    private static String mac(byte[] key, String partnerId, long keyVersion, long expiresAt) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            byte[] out = mac.doFinal(("portal:" + partnerId + ":" + keyVersion + ":" + expiresAt).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable or the key is unusable", e);
        }
    }
}
