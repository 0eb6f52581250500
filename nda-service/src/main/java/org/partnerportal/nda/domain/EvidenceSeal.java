package org.partnerportal.nda.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The issuer's seal on an NDA record: an RS256 signature over the record's hash (which covers every
 * evidence field and the previous record's hash). The chain shows that no record was edited; the
 * seal shows who issued each one (RD 39/2025: the issuer reliably identified), verifiable with the
 * issuer's public key alone.
 */
public final class EvidenceSeal {

    private EvidenceSeal() {
    }

    public static String seal(PrivateKey key, String hash) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(hash.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal the NDA record", e);
        }
    }

    public static boolean verify(PublicKey key, String hash, String seal) {
        if (seal == null || hash == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(hash.getBytes(StandardCharsets.US_ASCII));
            return s.verify(Base64.getUrlDecoder().decode(seal));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
