package org.partnerportal.nda.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.partnerportal.common.links.ProposalTokens;
import org.partnerportal.nda.config.NdaConfig;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The NDA sealing keys: the current private key, which seals new records under its key id, and
 * the key set that verifies every record with the key that sealed it (the current key's public
 * half, the earlier public keys kept in {@code pp.nda.seal.public-keys-dir}, and, for records
 * sealed before the sealing key had its own, the proposal-token public key under its kid).
 *
 * <p>A key id is {@code seal-} and the first 16 characters of the base64url SHA-256 of the public
 * key's DER encoding: it follows from the key itself, so rotating is replacing the private key file
 * (after copying its public half into the folder) and restarting.
 */
@ApplicationScoped
public class SealKeys {

    private static final Logger LOG = Logger.getLogger(SealKeys.class);

    public record Signer(String kid, PrivateKey key) {
    }

    private final NdaConfig config;
    private final TokenKeys tokenKeys;
    private volatile Signer signer;
    private volatile Map<String, PublicKey> verifiers;

    SealKeys(NdaConfig config, TokenKeys tokenKeys) {
        this.config = config;
        this.tokenKeys = tokenKeys;
    }

    /** The key that seals new records, read on first use. */
    public Signer signer() {
        Signer s = signer;
        if (s == null) {
            PrivateKey key = ProposalTokens.readPrivateKey(read(config.seal().privateKeyLocation()));
            s = new Signer(kid(publicOf(key)), key);
            signer = s;
        }
        return s;
    }

    /** The public key that verifies a seal made under {@code kid}, if this service knows it. */
    public Optional<PublicKey> verifier(String kid) {
        if (kid == null) {
            return Optional.empty();
        }
        Map<String, PublicKey> set = verifiers;
        if (set == null) {
            set = load();
            verifiers = set;
        }
        PublicKey key = set.get(kid);
        if (key == null && kid.equals(tokenKeys.proposalKid())) {
            // sealed before the sealing key of its own: the proposal-token key of that time
            key = tokenKeys.publicKey();
        }
        return Optional.ofNullable(key);
    }

    /** Forgets the keys read so far; the next use reads the files again (the key rotation test). */
    public void reload() {
        signer = null;
        verifiers = null;
    }

    private Map<String, PublicKey> load() {
        Map<String, PublicKey> set = new HashMap<>();
        Path dir = config.seal().publicKeysDir();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().forEach(f -> {
                    PublicKey key = ProposalTokens.readPublicKey(read(f));
                    set.put(kid(key), key);
                    // a file named after a kid (e.g. proposal-1.pem, the proposal key of an older era) also answers to it
                    String name = f.getFileName().toString();
                    set.putIfAbsent(name.substring(0, name.length() - ".pem".length()), key);
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the seal public keys in " + dir, e);
            }
        }
        Signer current = signer();
        set.put(current.kid(), publicOf(current.key()));
        LOG.debugf("NDA seal key set: %s", set.keySet());
        return Map.copyOf(set);
    }

    public static String kid(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "seal-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public half of an RSA private key in its CRT form (what PKCS#8 files hold). */
    static PublicKey publicOf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException("The NDA seal key must be an RSA private key with its CRT parameters (PKCS#8)");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(),
                    crt.getPublicExponent() == null ? BigInteger.valueOf(65537) : crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file, e);
        }
    }
}
