package org.partnerportal.nda.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One NDA text in one language. The SHA-256 is over the exact UTF-8 bytes served, so a signer's
 * evidence can name the text it agreed to and anybody can re-check it later.
 */
public record NdaTemplate(String lang, String version, String text, String sha256) {

    public static NdaTemplate of(String lang, String version, String text) {
        return new NdaTemplate(lang, version, text, sha256Hex(text));
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
