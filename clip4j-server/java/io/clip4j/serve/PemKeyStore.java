package io.clip4j.serve;

import io.clip4j.ClipException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Turns {@link TlsSettings} into Jetty's {@link SslContextFactory.Server}: PEM files become an
 * in-memory PKCS#12 key store (with a random password) after checking that the key belongs to
 * the leaf certificate; a PKCS#12 file is loaded as it is. Every error names the file at fault.
 */
public final class PemKeyStore {
    private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
    private static final String END_KEY = "-----END PRIVATE KEY-----";

    private PemKeyStore() {
    }

    /**
     * Jetty's TLS configuration for these settings.
     *
     * @throws ClipException naming the file that cannot be read or used
     */
    public static SslContextFactory.Server sslContextFactory(TlsSettings tls) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        if (tls.keyStore() != null) {
            factory.setKeyStore(loadPkcs12(tls.keyStore(), tls.password()));
            factory.setKeyStorePassword(tls.password());
        } else {
            String password = HexFormat.of().formatHex(randomBytes(16));
            factory.setKeyStore(fromPem(tls.certificate(), tls.privateKey(), password.toCharArray()));
            factory.setKeyStorePassword(password);
        }
        return factory;
    }

    /**
     * A PKCS#12 key store holding the PEM key and chain under the alias {@code server}.
     *
     * @throws ClipException naming the file that cannot be read or parsed, or if the key does not
     *                       belong to the certificate
     */
    public static KeyStore fromPem(Path certificateFile, Path keyFile, char[] password) {
        List<Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        checkPair(key, chain.get(0), certificateFile, keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new ClipException("cannot build a key store from " + certificateFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static KeyStore loadPkcs12(Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ClipException("TLS key store " + file + " cannot be read (wrong password, or not PKCS#12): "
                    + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) {
        try {
            byte[] pem = Files.readAllBytes(file);
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)));
            if (chain.isEmpty()) {
                throw new ClipException("TLS certificate file " + file + " holds no certificate");
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new ClipException("TLS certificate file " + file + " cannot be read as PEM certificates: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ClipException("TLS key file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        int begin = text.indexOf(BEGIN_KEY);
        int end = text.indexOf(END_KEY);
        if (begin < 0 || end < begin) {
            String hint = text.contains("ENCRYPTED PRIVATE KEY") ? "it is encrypted; "
                    : text.contains("RSA PRIVATE KEY") || text.contains("EC PRIVATE KEY") ? "it is PKCS#1/SEC1; " : "";
            throw new ClipException("TLS key file " + file + " holds no unencrypted PKCS#8 key (" + BEGIN_KEY + "): " + hint
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN_KEY.length(), end));
        } catch (IllegalArgumentException e) {
            throw new ClipException("TLS key file " + file + " is not valid base64 between its PEM lines", e);
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ClipException("TLS key file " + file + " holds a PKCS#8 key that is not RSA, EC or EdDSA");
    }

    /** Signs a few bytes with the key and checks them with the certificate's public key. */
    private static void checkPair(PrivateKey key, Certificate leaf, Path certificateFile, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = "clip4j".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new ClipException("TLS key " + keyFile + " does not belong to the first certificate in " + certificateFile);
            }
        } catch (GeneralSecurityException e) {
            throw new ClipException("TLS key " + keyFile + " does not belong to the first certificate in " + certificateFile
                    + " (" + e.getMessage() + ")", e);
        }
    }
}
