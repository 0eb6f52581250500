package org.partnerportal.gateway;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.partnerportal.common.links.PortalToken;
import org.partnerportal.common.links.ProposalTokens;
import org.partnerportal.testsupport.TestInfra;

/** Token links as nda-service issues them, signed with the test keys the gateway trusts. */
final class LinkTokens {

    private LinkTokens() {
    }

    static String proposal(String partnerId) {
        Instant now = Instant.now();
        return proposal(partnerId, now, now.plus(ProposalTokens.VALIDITY));
    }

    static String proposal(String partnerId, Instant issuedAt, Instant expiresAt) {
        return ProposalTokens.sign(ProposalTokens.readPrivateKey(read("proposal-token-private.pem")),
                ProposalTokens.DEFAULT_KID, partnerId, UUID.randomUUID().toString(), issuedAt, expiresAt);
    }

    /** A portal link valid for the default 90 days, to the second (the same call in the same second, the same link). */
    static String portal(String partnerId, long keyVersion) {
        return portal(partnerId, keyVersion, Instant.now().plus(PortalToken.DEFAULT_VALIDITY).truncatedTo(java.time.temporal.ChronoUnit.DAYS));
    }

    static String portal(String partnerId, long keyVersion, Instant expiresAt) {
        return PortalToken.issue(PortalToken.decodeKey(read("portal-hmac.key")), partnerId, keyVersion, expiresAt);
    }

    static String read(String file) {
        try {
            return Files.readString(TestInfra.keysDir().resolve(file));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Duration days(int n) {
        return Duration.ofDays(n);
    }
}
