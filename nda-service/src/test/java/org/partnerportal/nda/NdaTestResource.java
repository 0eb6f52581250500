package org.partnerportal.nda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.partnerportal.testsupport.PortalTestResource;
import org.partnerportal.testsupport.TestInfra;

/**
 * The shared test servers plus the token-link keys that TestInfra generates once per JVM, and an
 * NDA sealing key of its own (in {@link #SEAL_DIR}, which the seal rotation test rewrites).
 */
public class NdaTestResource extends PortalTestResource {

    static final Path SEAL_DIR = TestInfra.keysDir().resolve("nda-seal");
    static final Path SEAL_PRIVATE = SEAL_DIR.resolve("nda-seal-private.pem");
    static final Path SEAL_PUBLIC_KEYS = SEAL_DIR.resolve("public-keys");

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("pp.nda.proposal-token.private-key-location", TestInfra.keysDir().resolve("proposal-token-private.pem").toString());
        config.put("pp.nda.proposal-token.public-key-location", TestInfra.keysDir().resolve("proposal-token-public.pem").toString());
        config.put("pp.nda.portal.hmac-key-file", TestInfra.keysDir().resolve("portal-hmac.key").toString());
        synchronized (NdaTestResource.class) {
            if (!Files.exists(SEAL_PRIVATE)) {
                writeSealKey(newPair());
            }
        }
        config.put("pp.nda.seal.private-key-location", SEAL_PRIVATE.toString());
        config.put("pp.nda.seal.public-keys-dir", SEAL_PUBLIC_KEYS.toString());
        return config;
    }

    static KeyPair newPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void writeSealKey(KeyPair pair) {
        try {
            Files.createDirectories(SEAL_PUBLIC_KEYS);
            Files.writeString(SEAL_PRIVATE, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
