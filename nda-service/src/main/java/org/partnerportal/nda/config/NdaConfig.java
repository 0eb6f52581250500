package org.partnerportal.nda.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * nda-service settings. The key files are read lazily by {@code TokenKeys} the first time a
 * token is issued, so a stack without them still starts and serves the NDA text.
 */
@ConfigMapping(prefix = "pp.nda")
public interface NdaConfig {

    ProposalToken proposalToken();

    Portal portal();

    Template template();

    Vault vault();

    /** The public origin of the web app, for the links in e-mails. */
    String publicUrl();

    /** The meeting booking link sent with the proposal invitation (e.g. a Cal.com page). */
    String bookingUrl();

    /** Admin alert recipients (NDA signed, first proposal view). */
    List<String> adminEmails();

    /** Deprecated access codes are accepted only while this is true (LEGACY_PROPOSAL_CODES_ACCEPTED). */
    @WithDefault("false")
    boolean legacyProposalCodesAccepted();

    /** Partners whose projected name is listed here count as demo partners (besides a {@code demo} flag on the event). */
    List<String> demoPartnerNames();

    interface ProposalToken {
        /** PEM, PKCS#8: signs the 30-day proposal JWTs. */
        Path privateKeyLocation();

        /** PEM: verifies them (the gateway holds the same public key). */
        Path publicKeyLocation();

        @WithDefault("proposal-1")
        String kid();
    }

    interface Portal {
        /** Base64 HMAC-SHA256 key of the deterministic portal links. */
        Path hmacKeyFile();

        /** Portal loads closer together than this are one visit (one PortalVisited). */
        @WithDefault("30M")
        java.time.Duration visitGap();
    }

    interface Template {
        /** The NDA text version served to new signers, a folder under {@code nda/}. */
        String currentVersion();

        List<String> languages();
    }

    interface Vault {
        /** Largest accepted upload, bytes. */
        long maxBytes();

        Set<String> contentTypes();
    }
}
