package org.partnerportal.common.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/**
 * The portal-link format on its own ({@code p1.<partnerId>.<keyVersion>.<mac>}, as on main): the
 * same partner and key version always give the same link, another version another link that the
 * codec reports as that version (nda-service compares it with the current one), and no edit of any
 * part, nor another key, passes.
 */
class PortalTokenTest {

    static final String PARTNER = "5e7d0000-0000-4000-8000-000000000001";
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    @Test
    void deterministicPerPartnerAndKeyVersion() {
        String v1 = PortalToken.issue(KEY, PARTNER, 1);
        assertEquals(v1, PortalToken.issue(KEY, PARTNER, 1), "re-sending a link gives the same URL");
        assertTrue(v1.startsWith("p1." + PARTNER + ".1."));
        assertEquals(new PortalToken.Parsed(PARTNER, 1), PortalToken.verify(KEY, v1).orElseThrow());
    }

    @Test
    void eachKeyVersionIsItsOwnLinkAndSaysWhichItIs() {
        String v1 = PortalToken.issue(KEY, PARTNER, 1);
        String v2 = PortalToken.issue(KEY, PARTNER, 2);
        assertNotEquals(v1, v2);
        assertEquals(1, PortalToken.verify(KEY, v1).orElseThrow().keyVersion());
        assertEquals(2, PortalToken.verify(KEY, v2).orElseThrow().keyVersion());
        assertEquals(0, PortalToken.verify(KEY, PortalToken.issue(KEY, PARTNER, 0)).orElseThrow().keyVersion());
        long big = 999_999_999_999_999_999L; // 18 digits: the longest version the format reads
        assertEquals(big, PortalToken.verify(KEY, PortalToken.issue(KEY, PARTNER, big)).orElseThrow().keyVersion());
        // an old link's MAC does not carry over to a bumped version: the version is inside the MAC
        String mac1 = v1.substring(v1.lastIndexOf('.') + 1);
        assertTrue(PortalToken.verify(KEY, "p1." + PARTNER + ".2." + mac1).isEmpty());
    }

    @Test
    void anotherKeyRefusesEveryLink() {
        String token = PortalToken.issue(KEY, PARTNER, 3);
        assertTrue(PortalToken.verify(OTHER_KEY, token).isEmpty());
        assertTrue(PortalToken.verify(OTHER_KEY, PortalToken.issue(OTHER_KEY, PARTNER, 3)).isPresent());
    }

    @Test
    void everyTamperedPartIsRefused() {
        String token = PortalToken.issue(KEY, PARTNER, 1);
        String mac = token.substring(token.lastIndexOf('.') + 1);
        String other = "6f8e0000-0000-4000-8000-000000000002";
        char last = mac.charAt(mac.length() - 1);
        for (String bad : new String[] {
                "p1." + other + ".1." + mac, // the MAC of another partner
                "p2." + PARTNER + ".1." + mac, // another format version
                "P1." + PARTNER + ".1." + mac,
                "p1." + PARTNER + ".01." + mac, // the same number written otherwise: one link, one spelling
                "p1." + PARTNER + ".001." + mac,
                "p1." + PARTNER + ".\u0661." + mac, // ARABIC-INDIC DIGIT ONE
                "p1." + PARTNER + ".\uff11." + mac, // FULLWIDTH DIGIT ONE
                "p1." + PARTNER + ".+1." + mac,
                "p1." + PARTNER + ".-1." + mac,
                "p1." + PARTNER + ".1." + mac.substring(0, mac.length() - 1) + (last == 'A' ? 'B' : 'A'),
                "p1." + PARTNER + ".1." + mac.substring(1),
                "p1." + PARTNER + ".1." + mac + "=",
                "p1." + PARTNER + ".1." + mac + ".x",
                "p1." + PARTNER + ".1." + Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(mac)),
                "p1." + PARTNER + ".1.",
                "p1." + PARTNER + "..",
                "p1.." + "1." + mac,
                "p1." + PARTNER + ".1234567890123456789." + mac, // 19 digits
                token.toUpperCase(), " " + token, token + " ", "", "p1", "..." }) {
            assertTrue(PortalToken.verify(KEY, bad).isEmpty(), "tampered link accepted: " + bad);
        }
        assertTrue(PortalToken.verify(KEY, null).isEmpty());
        assertTrue(PortalToken.verify(KEY, "p1." + "a".repeat(600) + ".1." + mac).isEmpty());
    }

    @Test
    void issuingRefusesWhatCouldNotBeParsedBack() {
        assertThrows(IllegalArgumentException.class, () -> PortalToken.issue(KEY, "a.b", 1));
        assertThrows(IllegalArgumentException.class, () -> PortalToken.issue(KEY, "", 1));
        assertThrows(IllegalArgumentException.class, () -> PortalToken.issue(KEY, null, 1));
        assertThrows(IllegalArgumentException.class, () -> PortalToken.issue(KEY, PARTNER, -1));
    }

    @Test
    void theKeyFileIsBase64OfAtLeast256Bits() {
        String file = "  " + Base64.getEncoder().encodeToString(KEY) + "\n";
        String token = PortalToken.issue(PortalToken.decodeKey(file), PARTNER, 1);
        assertEquals(PortalToken.issue(KEY, PARTNER, 1), token);
        String short31 = Base64.getEncoder().encodeToString(new byte[31]);
        assertThrows(IllegalArgumentException.class, () -> PortalToken.decodeKey(short31));
        assertThrows(IllegalArgumentException.class, () -> PortalToken.decodeKey("not base64 !"));
    }
}
