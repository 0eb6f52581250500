package org.partnerportal.nda.config;

import java.nio.file.Path;
import java.util.List;

import io.smallrye.config.ConfigMapping;

/**
 * nda-service settings. The key locations are only resolved here; the files are read by the
 * features that need them (proposal tokens, portal links), so a stack without them still starts.
 */
@ConfigMapping(prefix = "pp.nda")
public interface NdaConfig {

    ProposalToken proposalToken();

    Portal portal();

    Template template();

    interface ProposalToken {
        /** PEM, PKCS#8: signs the 30-day proposal JWTs. */
        Path privateKeyLocation();

        /** PEM: verifies them (the gateway holds the same public key). */
        Path publicKeyLocation();
    }

    interface Portal {
        /** Base64 HMAC-SHA256 key of the deterministic portal links. */
        Path hmacKeyFile();
    }

    interface Template {
        /** The NDA text version served to new signers, a folder under {@code nda/}. */
        String currentVersion();

        List<String> languages();
    }
}
