package org.partnerportal.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Creates the local stack's keys and secrets in {@code <stack>/secrets/}, each only if it is
 * missing, so a restart never invalidates tokens, links or the Keycloak client secret.
 * <p>
 * Usage: {@code KeyGen <secrets-dir>}. Files are created with mode 600.
 */
public final class KeyGen {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyGen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KeyGen <secrets-dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));

        rsaPair(dir, "internal-jwt");
        rsaPair(dir, "proposal-token");
        // nda-service's own key for sealing NDA records; older public halves go into nda-seal-public-keys/
        rsaPair(dir, "nda-seal");
        Files.createDirectories(dir.resolve("nda-seal-public-keys"));
        secret(dir.resolve("portal-hmac.key"), Base64.getEncoder().encodeToString(randomBytes(32)));
        secret(dir.resolve("keycloak-admin-api-client-secret"), HexFormat.of().formatHex(randomBytes(24)));
        secret(dir.resolve("keycloak-gateway-client-secret"), HexFormat.of().formatHex(randomBytes(24)));
        // the gateway's own read-only admin-API client (impersonation), apart from partner-service's user manager
        secret(dir.resolve("keycloak-user-reader-client-secret"), HexFormat.of().formatHex(randomBytes(24)));
        secret(dir.resolve("keycloak-bootstrap-admin-password"), HexFormat.of().formatHex(randomBytes(16)));
    }

    /** Writes {@code <name>-private.pem} (PKCS#8) and {@code <name>-public.pem} (SubjectPublicKeyInfo). */
    private static void rsaPair(Path dir, String name) throws IOException, GeneralSecurityException {
        Path privateFile = dir.resolve(name + "-private.pem");
        Path publicFile = dir.resolve(name + "-public.pem");
        if (Files.exists(privateFile) && Files.exists(publicFile)) {
            return;
        }
        // a half-written pair (one file lost) is useless: regenerate both halves together
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        KeyPair pair = generator.generateKeyPair();
        write(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        write(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        System.out.println("generated " + privateFile + " and " + publicFile);
    }

    private static void secret(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        write(file, value + "\n");
        System.out.println("generated " + file);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Creates the file already restricted, so the secret is never readable by others, even briefly. */
    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(tmp, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
