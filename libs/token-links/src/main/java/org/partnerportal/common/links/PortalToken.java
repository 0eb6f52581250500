package org.partnerportal.common.links;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The portal link token: {@code p1.<partnerId>.<keyVersion>.<base64url-no-padding(HMAC-SHA256(key,
 * "portal:" + partnerId + ":" + keyVersion))>}. Deterministic, so re-sending a partner its link gives
 * the same URL; bumping the partner's key version (nda-service) revokes every older link. Shared by
 * nda-service (issues) and the gateway (verifies); JDK only.
 */
public final class PortalToken {

    public static final String PREFIX = "p1";
    private static final String HMAC = "HmacSHA256";
    private static final int MAX_LENGTH = 512;

    /** A verified token: who it names and which key version it was made for. */
    public record Parsed(String partnerId, long keyVersion) {
    }

    private PortalToken() {
    }

    /** The token for a partner at a key version; {@code key} is the decoded content of {@code portal-hmac.key}. */
    public static String issue(byte[] key, String partnerId, long keyVersion) {
        if (partnerId == null || partnerId.isEmpty() || partnerId.indexOf('.') >= 0 || keyVersion < 0) {
            throw new IllegalArgumentException("A portal token needs a partner id without dots and a key version >= 0");
        }
        return PREFIX + "." + partnerId + "." + keyVersion + "." + mac(key, partnerId, keyVersion);
    }

    /**
     * Parses and verifies a token; empty for anything malformed or with a wrong MAC. The MAC is
     * compared in constant time. Whether the key version is still the partner's current one is the
     * issuer's business (nda-service), not the codec's.
     */
    public static Optional<Parsed> verify(byte[] key, String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !PREFIX.equals(parts[0]) || parts[1].isEmpty() || parts[2].isEmpty()
                || parts[2].length() > 18 || !parts[2].chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        long version = Long.parseLong(parts[2]);
        if (!parts[2].equals(Long.toString(version))) {
            // one link, one spelling: "01" or "001" would carry the MAC of version 1 as other strings
            return Optional.empty();
        }
        byte[] expected = mac(key, parts[1], version).getBytes(StandardCharsets.US_ASCII);
        byte[] given = parts[3].getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(new Parsed(parts[1], version)) : Optional.empty();
    }

    /** The key as {@code portal-hmac.key} holds it: base64 text (surrounding whitespace ignored). */
    public static byte[] decodeKey(String fileContent) {
        byte[] key = Base64.getDecoder().decode(fileContent.trim());
        if (key.length < 32) {
            throw new IllegalArgumentException("The portal HMAC key must be at least 256 bits");
        }
        return key;
    }

    private static String mac(byte[] key, String partnerId, long keyVersion) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            byte[] out = mac.doFinal(("portal:" + partnerId + ":" + keyVersion).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable or the key is unusable", e);
        }
    }
}
