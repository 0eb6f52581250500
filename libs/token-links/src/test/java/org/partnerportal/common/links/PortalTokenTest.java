package org.partnerportal.common.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/**
 * The portal-link format on its own ({@code p2.<partnerId>.<keyVersion>.<expiresAt>.<mac>}): the
 * same partner, key version and expiry always give the same link, another version another link that
 * the codec reports as that version (the services compare it with the current one), a link is good
 * until the second it expires and not after, the first format without expiry ({@code p1}) is refused,
 * and no edit of any part, nor another key, passes.
 */
class PortalTokenTest {

    static final String PARTNER = "5e7d0000-0000-4000-8000-000000000001";
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Instant EXP = NOW.plus(PortalToken.DEFAULT_VALIDITY);

    @Test
    void deterministicPerPartnerKeyVersionAndExpiry() {
        String v1 = PortalToken.issue(KEY, PARTNER, 1, EXP);
        assertEquals(v1, PortalToken.issue(KEY, PARTNER, 1, EXP), "re-sending a link gives the same URL");
        assertTrue(v1.startsWith("p2." + PARTNER + ".1." + EXP.getEpochSecond() + "."));
        assertEquals(new PortalToken.Parsed(PARTNER, 1, EXP), PortalToken.verify(KEY, v1, NOW).orElseThrow());
    }

    @Test
    void goodUntilTheSecondItExpires() {
        String token = PortalToken.issue(KEY, PARTNER, 1, EXP);
        assertTrue(PortalToken.verify(KEY, token, EXP.minusSeconds(1)).isPresent(), "one second before its expiry");
        assertTrue(PortalToken.verify(KEY, token, EXP).isEmpty(), "at its expiry");
        assertTrue(PortalToken.verify(KEY, token, EXP.plusSeconds(1)).isEmpty(), "after its expiry");
        // the expiry is inside the MAC: a later one written into the link does not pass
        String mac = token.substring(token.lastIndexOf('.') + 1);
        long later = EXP.plusSeconds(86_400).getEpochSecond();
        assertTrue(PortalToken.verify(KEY, "p2." + PARTNER + ".1." + later + "." + mac, EXP).isEmpty());
    }

    @Test
    void eachKeyVersionIsItsOwnLinkAndSaysWhichItIs() {
        String v1 = PortalToken.issue(KEY, PARTNER, 1, EXP);
        String v2 = PortalToken.issue(KEY, PARTNER, 2, EXP);
        assertNotEquals(v1, v2);
        assertEquals(1, PortalToken.verify(KEY, v1, NOW).orElseThrow().keyVersion());
        assertEquals(2, PortalToken.verify(KEY, v2, NOW).orElseThrow().keyVersion());
        assertEquals(0, PortalToken.verify(KEY, PortalToken.issue(KEY, PARTNER, 0, EXP), NOW).orElseThrow().keyVersion());
        long big = 999_999_999_999_999_999L; // 18 digits: the longest version the format reads
        assertEquals(big, PortalToken.verify(KEY, PortalToken.issue(KEY, PARTNER, big, EXP), NOW).orElseThrow().keyVersion());
        // an old link's MAC does not carry over to a bumped version: the version is inside the MAC
        String mac1 = v1.substring(v1.lastIndexOf('.') + 1);
        assertTrue(PortalToken.verify(KEY, "p2." + PARTNER + ".2." + EXP.getEpochSecond() + "." + mac1, NOW).isEmpty());
    }

    @Test
    void anotherKeyRefusesEveryLink() {
        String token = PortalToken.issue(KEY, PARTNER, 3, EXP);
        assertTrue(PortalToken.verify(OTHER_KEY, token, NOW).isEmpty());
        assertTrue(PortalToken.verify(OTHER_KEY, PortalToken.issue(OTHER_KEY, PARTNER, 3, EXP), NOW).isPresent());
    }

    @Test
    void everyTamperedPartIsRefused() {
        String token = PortalToken.issue(KEY, PARTNER, 1, EXP);
        String mac = token.substring(token.lastIndexOf('.') + 1);
        String exp = String.valueOf(EXP.getEpochSecond());
        String other = "6f8e0000-0000-4000-8000-000000000002";
        char last = mac.charAt(mac.length() - 1);
        String base = "p2." + PARTNER + ".1." + exp + ".";
        for (String bad : new String[] {
                "p2." + other + ".1." + exp + "." + mac, // the MAC of another partner
                "p1." + PARTNER + ".1." + exp + "." + mac, // another format version
                "p1." + PARTNER + ".1." + mac, // the first format, without expiry
                "P2." + PARTNER + ".1." + exp + "." + mac,
                "p2." + PARTNER + ".01." + exp + "." + mac, // the same number written otherwise: one link, one spelling
                "p2." + PARTNER + ".001." + exp + "." + mac,
                "p2." + PARTNER + ".1.0" + exp + "." + mac,
                "p2." + PARTNER + ".\u0661." + exp + "." + mac, // ARABIC-INDIC DIGIT ONE
                "p2." + PARTNER + ".\uff11." + exp + "." + mac, // FULLWIDTH DIGIT ONE
                "p2." + PARTNER + ".+1." + exp + "." + mac,
                "p2." + PARTNER + ".-1." + exp + "." + mac,
                base + mac.substring(0, mac.length() - 1) + (last == 'A' ? 'B' : 'A'),
                base + mac.substring(1),
                base + mac + "=",
                base + mac + ".x",
                base + Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(mac)),
                base,
                "p2." + PARTNER + ".1.." + mac,
                "p2.." + "1." + exp + "." + mac,
                "p2." + PARTNER + ".1234567890123456789." + exp + "." + mac, // 19 digits
                token.toUpperCase(), " " + token, token + " ", "", "p2", "...." }) {
            assertTrue(PortalToken.verify(KEY, bad, NOW).isEmpty(), "tampered link accepted: " + bad);
        }
        assertTrue(PortalToken.verify(KEY, null, NOW).isEmpty());
        assertTrue(PortalToken.verify(KEY, "p2." + "a".repeat(600) + ".1." + exp + "." + mac, NOW).isEmpty());
    }

    @Test
    void issuingRefusesWhatCouldNotBeParsedBack() {
        assertThrows(IllegalArgumentException.class, () -> PortalToken.issue(KEY, "a.b", 1, EXP));
        assertThrows(IllegalArgumentException.class, () -> PortalToken.issue(KEY, "", 1, EXP));
        assertThrows(IllegalArgumentException.class, () -> PortalToken.issue(KEY, null, 1, EXP));
        assertThrows(IllegalArgumentException.class, () -> PortalToken.issue(KEY, PARTNER, -1, EXP));
        assertThrows(IllegalArgumentException.class, () -> PortalToken.issue(KEY, PARTNER, 1, null));
    }

    @Test
    void theKeyFileIsBase64OfAtLeast256Bits() {
        String file = "  " + Base64.getEncoder().encodeToString(KEY) + "\n";
        String token = PortalToken.issue(PortalToken.decodeKey(file), PARTNER, 1, EXP);
        assertEquals(PortalToken.issue(KEY, PARTNER, 1, EXP), token);
        String short31 = Base64.getEncoder().encodeToString(new byte[31]);
        assertThrows(IllegalArgumentException.class, () -> PortalToken.decodeKey(short31));
        assertThrows(IllegalArgumentException.class, () -> PortalToken.decodeKey("not base64 !"));
    }
}
