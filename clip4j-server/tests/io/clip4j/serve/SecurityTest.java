package io.clip4j.serve;

import static io.clip4j.serve.ServerFixture.assertError;
import static io.clip4j.serve.ServerFixture.embeddings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer-token authentication, API key files, and TLS from PEM files and from a PKCS#12 store. */
class SecurityTest {
    private static final String KEY = "test-key-0123456789abcdef";
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static ClipModel model;

    @BeforeAll
    static void load() {
        model = ClipModel.load(Fixtures.TINY_CLIP);
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    @Test
    void routesNeedABearerTokenExceptHealthAndOpenApi() {
        try (ServerFixture f = ServerFixture.start(model, ServerFixture.settings().apiKeys(ApiKeys.of(KEY, "second-key-abcdefghijklmnop")))) {
            HttpResponse<String> none = f.postJson("/v1/embeddings/text", Map.of("texts", List.of("a")));
            assertError(none, 401, "unauthorized");
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertError(f.postJson("/v1/embeddings/text", Map.of("texts", List.of("a")), "Authorization", "Bearer wrong-key-0123456789abc"),
                    401, "unauthorized");
            assertError(f.postJson("/v1/embeddings/text", Map.of("texts", List.of("a")), "Authorization", KEY), 401, "unauthorized");
            assertError(f.get("/v1/model", "Authorization", "Basic " + Base64.getEncoder().encodeToString(("u:" + KEY).getBytes())),
                    401, "unauthorized");
            assertError(f.get("/metrics"), 401, "unauthorized");
            assertError(f.get("/v1/nothing"), 401, "unauthorized");

            assertEquals(1, embeddings(f.postJson("/v1/embeddings/text", Map.of("texts", List.of("a")), "Authorization", "Bearer " + KEY)).length);
            assertEquals(200, f.get("/v1/model", "Authorization", "bearer second-key-abcdefghijklmnop").statusCode());
            assertEquals(200, f.get("/metrics", "Authorization", "Bearer " + KEY).statusCode());
            assertEquals(200, f.get("/health").statusCode());
            assertEquals(200, f.get("/openapi.json").statusCode());
        }
    }

    @Test
    void apiKeyFilesAndLists() throws Exception {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, "# clients\n\nfirst-client-key-0001\n  second-client-key-0002  \n");
        ApiKeys keys = ApiKeys.read(file);
        assertEquals(2, keys.size());
        assertTrue(keys.accepts("first-client-key-0001"));
        assertTrue(keys.acceptsHeader("Bearer second-client-key-0002"));
        assertFalse(keys.accepts("first-client-key-000"));
        assertFalse(keys.accepts(""));
        assertFalse(keys.acceptsHeader(null));
        assertFalse(keys.acceptsHeader("Bearer"));
        assertEquals(3, keys.plus(ApiKeys.parse("env-key-000000000000", "$CLIP4J_API_KEYS")).size());

        Files.writeString(file, "short\n");
        ClipException tooShort = assertThrows(ClipException.class, () -> ApiKeys.read(file));
        assertTrue(tooShort.getMessage().contains("line 1") && !tooShort.getMessage().contains("short\n"), tooShort.getMessage());
        Files.writeString(file, "# nothing\n");
        assertThrows(ClipException.class, () -> ApiKeys.read(file));
        assertThrows(ClipException.class, () -> ApiKeys.read(dir.resolve("missing.txt")));
        assertThrows(ClipException.class, () -> ApiKeys.of("has a space in it 12345"));
    }

    @Test
    void tlsFromPemFilesAndFromAKeyStore() throws Exception {
        Path store = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        Certificate certificate = keyStore.getCertificate("server");
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", keyStore.getKey("server", PASSWORD.toCharArray()).getEncoded()));
        HttpClient trusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(10)).build();

        for (TlsSettings tls : List.of(TlsSettings.pem(certPem, keyPem), TlsSettings.pkcs12(store, PASSWORD))) {
            EmbeddingServer server = EmbeddingServer.start(model, ServerFixture.settings().tls(tls).build());
            try (ServerFixture f = new ServerFixture(server, trusting)) {
                assertTrue(f.base.startsWith("https://127.0.0.1:"), f.base);
                assertEquals(1, embeddings(f.postJson("/v1/embeddings/text", Map.of("texts", List.of("over TLS")))).length);
                HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(SSLContext.getDefault()).build();
                ServerFixture untrusting = new ServerFixture(server, plain);
                assertThrows(Exception.class, () -> untrusting.get("/health"), "an untrusted certificate is refused");
            }
        }

        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        Path otherKeyPem = dir.resolve("other-key.pem");
        Files.writeString(otherKeyPem, pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()));
        ClipException mismatch = assertThrows(ClipException.class,
                () -> PemKeyStore.fromPem(certPem, otherKeyPem, "x".toCharArray()));
        assertTrue(mismatch.getMessage().contains("does not belong"), mismatch.getMessage());
        Files.writeString(otherKeyPem, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        ClipException pkcs1 = assertThrows(ClipException.class, () -> PemKeyStore.fromPem(certPem, otherKeyPem, "x".toCharArray()));
        assertTrue(pkcs1.getMessage().contains("openssl pkcs8"), pkcs1.getMessage());
    }

    private static SSLContext trusting(Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + output);
    }
}
