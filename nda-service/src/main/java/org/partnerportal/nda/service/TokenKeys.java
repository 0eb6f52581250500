package org.partnerportal.nda.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;

import org.partnerportal.common.links.PortalToken;
import org.partnerportal.common.links.ProposalTokens;
import org.partnerportal.nda.config.NdaConfig;

import jakarta.enterprise.context.ApplicationScoped;

/** The token-link keys, read from their files on first use and kept (a key rotation is a restart). */
@ApplicationScoped
public class TokenKeys {

    private final NdaConfig config;
    private volatile PrivateKey proposalKey;
    private volatile PublicKey publicKey;
    private volatile byte[] portalKey;

    TokenKeys(NdaConfig config) {
        this.config = config;
    }

    public PrivateKey proposalPrivateKey() {
        if (proposalKey == null) {
            proposalKey = ProposalTokens.readPrivateKey(read(config.proposalToken().privateKeyLocation()));
        }
        return proposalKey;
    }

    /**
     * Verifies the proposal tokens nda-service signed (and the seals of NDA records made before
     * the records had a sealing key of their own, see {@link SealKeys}).
     */
    public PublicKey publicKey() {
        if (publicKey == null) {
            publicKey = ProposalTokens.readPublicKey(read(config.proposalToken().publicKeyLocation()));
        }
        return publicKey;
    }

    public String proposalKid() {
        return config.proposalToken().kid();
    }

    public byte[] portalKey() {
        if (portalKey == null) {
            portalKey = PortalToken.decodeKey(read(config.portal().hmacKeyFile()));
        }
        return portalKey.clone();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file, e);
        }
    }
}
