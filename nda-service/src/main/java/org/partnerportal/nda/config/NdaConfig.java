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

    Seal seal();

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

    DemoReset demoReset();

    interface DemoReset {
        /** The demo reset endpoint answers only while this is true; off in the prod overlay. */
        @WithDefault("true")
        boolean enabled();
    }

    interface ProposalToken {
        /** PEM, PKCS#8: signs the 30-day proposal JWTs. */
        Path privateKeyLocation();

        /** PEM: verifies them (the gateway holds the same public key). */
        Path publicKeyLocation();

        @WithDefault("proposal-1")
        String kid();
    }

    /**
     * The key that seals NDA records, of its own (never the proposal-token key, whose rotation
     * must not touch the evidence). Its key id is derived from its public key, so a new key file is
     * a new kid without any other setting.
     */
    interface Seal {
        /** PEM, PKCS#8 RSA: seals new records. */
        Path privateKeyLocation();

        /**
         * A folder of PEM public keys ({@code *.pem}) of earlier sealing keys, kept after a rotation
         * to verify the records they sealed. Missing folder: no earlier keys.
         */
        Path publicKeysDir();
    }

    interface Portal {
        /** Base64 HMAC-SHA256 key of the portal links. */
        Path hmacKeyFile();

        /** Portal loads closer together than this are one visit (one PortalVisited). */
        @WithDefault("30M")
        java.time.Duration visitGap();

        /** How long a portal link sent now stays valid (a key rotation revokes it earlier). */
        @WithDefault("P90D")
        java.time.Duration linkValidity();
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

        /**
         * How long an upload may take: GridFS files and chunks that no vault document refers to and
         * that are older than this are what a process dying mid-upload left, and are removed at start.
         */
        @WithDefault("PT1H")
        java.time.Duration orphanGrace();
    }
}
