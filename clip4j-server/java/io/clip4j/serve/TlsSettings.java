package io.clip4j.serve;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server's TLS certificate and private key come from: either PEM files (a certificate
 * chain, leaf first, and an unencrypted PKCS#8 key, {@code -----BEGIN PRIVATE KEY-----}), or a
 * PKCS#12 key store with its password. Jetty's own {@code SslContextFactory} then serves TLS 1.2
 * and 1.3 with its default (safe) protocols and ciphers; see {@link PemKeyStore}.
 *
 * @param certificate PEM certificate chain, or null when {@code keyStore} is used
 * @param privateKey  PEM PKCS#8 private key, or null when {@code keyStore} is used
 * @param keyStore    PKCS#12 key store, or null when PEM files are used
 * @param password    the key store's password (and its key's), or null with PEM files
 */
public record TlsSettings(Path certificate, Path privateKey, Path keyStore, String password) {
    /** Checks that exactly one of the two sources is given. */
    public TlsSettings {
        boolean pem = certificate != null && privateKey != null;
        boolean store = keyStore != null;
        if (pem == store || (certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException("TLS needs either a certificate and a private key (PEM) or a PKCS#12 key store");
        }
    }

    /** PEM certificate chain and unencrypted PKCS#8 private key. */
    public static TlsSettings pem(Path certificate, Path privateKey) {
        return new TlsSettings(Objects.requireNonNull(certificate), Objects.requireNonNull(privateKey), null, null);
    }

    /** A PKCS#12 key store holding one private key entry and its chain. */
    public static TlsSettings pkcs12(Path keyStore, String password) {
        return new TlsSettings(null, null, Objects.requireNonNull(keyStore), password == null ? "" : password);
    }

    @Override
    public String toString() {
        return keyStore != null ? "TlsSettings[keyStore=" + keyStore + "]"
                : "TlsSettings[certificate=" + certificate + ", privateKey=" + privateKey + "]";
    }
}
