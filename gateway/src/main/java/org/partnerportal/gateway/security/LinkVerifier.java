package org.partnerportal.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.partnerportal.common.links.PortalToken;
import org.partnerportal.common.links.ProposalTokens;
import org.partnerportal.gateway.config.GatewayConfig;

import jakarta.inject.Singleton;

/**
 * Turns a token link into a caller: a proposal token (RS256 JWT from nda-service: signature with
 * the key its kid names, algorithm, issuer, audience, expiry and the partner it names), a legacy access code (only its
 * SHA-256 travels on; nda-service knows whether codes are still accepted) or a portal token
 * (HMAC over the partner and its key version, compared in constant time). A link never gets
 * into a log line.
 */
@Singleton
public class LinkVerifier {

    private static final Logger LOG = Logger.getLogger(LinkVerifier.class);
    private static final Pattern LEGACY_CODE = Pattern.compile("[A-Za-z0-9_-]{6,64}");

    /** The proposal-token keys by kid: the current one and the retired ones still accepted. */
    private final Map<String, PublicKey> proposalKeys;
    private final byte[] portalKey;
    private final Clock clock;

    LinkVerifier(GatewayConfig config, Clock clock) {
        this.clock = clock;
        this.proposalKeys = proposalKeys(config.links());
        this.portalKey = read(config.links().portalHmacKeyFile(), "portal HMAC key", PortalToken::decodeKey);
    }

    /** The proposal-link holder of {@code pathPartnerId}, or empty (401). */
    public Optional<Caller> proposal(String token, String pathPartnerId) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        if (token.chars().filter(c -> c == '.').count() == 2) {
            if (proposalKeys.isEmpty()) {
                return Optional.empty();
            }
            return ProposalTokens.verify(proposalKeys, token, clock.instant())
                    .filter(c -> c.partnerId().equals(pathPartnerId))
                    .map(c -> Caller.proposal(c.partnerId(), c.jti()));
        }
        if (LEGACY_CODE.matcher(token).matches()) {
            return Optional.of(Caller.proposalCode(pathPartnerId, sha256(token)));
        }
        return Optional.empty();
    }

    /** The portal-link holder, or empty (401): a forged, old-format ({@code p1}, no expiry) or expired link. */
    public Optional<Caller> portal(String token) {
        if (portalKey == null || token == null) {
            return Optional.empty();
        }
        return PortalToken.verify(portalKey, token, clock.instant()).map(p -> Caller.portal(p.partnerId(), p.keyVersion()));
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The current key under its kid, and each {@code <kid>.pem} of the retired keys' folder (a
     * rotation: nda-service signs under a new kid and key, the old public key moves to the folder
     * under the old kid until the last token it signed has expired).
     */
    private static Map<String, PublicKey> proposalKeys(GatewayConfig.Links links) {
        Map<String, PublicKey> keys = new HashMap<>();
        if (links.proposalPublicKeysDir().isPresent()) {
            Path dir = Path.of(links.proposalPublicKeysDir().get());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                    String kid = f.getFileName().toString().replaceFirst("\\.pem$", "");
                    PublicKey key = read(f.toString(), "retired proposal-token public key", ProposalTokens::readPublicKey);
                    if (key != null) {
                        keys.put(kid, key);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the retired proposal-token keys in " + dir, e);
            }
        }
        PublicKey current = read(links.proposalPublicKeyLocation(), "proposal-token public key",
                ProposalTokens::readPublicKey);
        if (current != null) {
            // the current key wins over a retired file that still carries its kid
            keys.put(links.proposalKid(), current);
        }
        return Map.copyOf(keys);
    }

    private static <T> T read(String location, String what, java.util.function.Function<String, T> parse) {
        Path path = Path.of(location);
        if (!Files.isReadable(path)) {
            // token links stay closed (401) rather than the gateway refusing to start
            LOG.warnf("No %s at %s: token links of that kind are refused", what, location);
            return null;
        }
        try {
            return parse.apply(Files.readString(path));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the " + what + " at " + location, e);
        }
    }
}
