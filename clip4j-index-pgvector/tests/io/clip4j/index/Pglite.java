package io.clip4j.index;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL 18 with pgvector 0.8 for the tests, with no Docker: PGlite (PostgreSQL
 * compiled to WebAssembly) served over the wire protocol by {@code @electric-sql/pglite-socket},
 * installed with npm into the build folder on first use and started on a free port. Where Node
 * is absent the tests skip, saying so; where it is present, a failed install fails them.
 */
public final class Pglite implements AutoCloseable {
    private static final List<String> PACKAGES = List.of("@electric-sql/pglite-socket@0.2.17",
            "@electric-sql/pglite-pgvector@0.0.15");

    private static Pglite shared;

    private final Process server;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private Pglite(Process server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * The server this test JVM shares (tests keep apart by using tables of their own), started on
     * first use and stopped when the JVM exits; skips the calling test when there is no Node.
     */
    public static synchronized Pglite shared() throws Exception {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "pglite-stop"));
        }
        return shared;
    }

    /** A server of the caller's own (to stop, pause or restart), on a free port. */
    public static Pglite startOwn() throws Exception {
        return start();
    }

    /** A new, empty server on {@code port} (a database "restarted": PGlite keeps its data in memory). */
    public static Pglite startOn(int port) throws Exception {
        return start(port);
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** The node process, to pause ({@code kill -STOP}) as a stalled database. */
    public long pid() {
        return server.pid();
    }

    /** Installs (once) and starts a server, or skips the calling tests when there is no Node. */
    private static Pglite start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        return start(port);
    }

    private static Pglite start(int port) throws Exception {
        Assumptions.assumeTrue(runs("node", "--version") && runs("npm", "--version"),
                "pgvector tests skipped: no node/npm on the PATH to run PGlite (PostgreSQL + pgvector)");
        Path dir = Path.of(System.getProperty("clip4j.pglite.dir", "clip4j-index-pgvector/target/pglite")).toAbsolutePath();
        Path script = dir.resolve("node_modules/@electric-sql/pglite-socket/dist/scripts/server.js");
        if (!Files.exists(script) || !Files.exists(dir.resolve("node_modules/@electric-sql/pglite-pgvector"))) {
            Files.createDirectories(dir);
            List<String> install = new ArrayList<>(List.of("npm", "install", "--prefix", dir.toString(), "--no-audit",
                    "--no-fund", "--loglevel=error"));
            install.addAll(PACKAGES);
            Process npm = new ProcessBuilder(install).redirectErrorStream(true).start();
            String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm install of " + PACKAGES + " failed:\n" + log);
            }
        }
        Process process = new ProcessBuilder("node", script.toString(), "--port=" + port, "--host=127.0.0.1",
                "--extensions=@electric-sql/pglite-pgvector:vector", "--max-connections=8")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        Pglite pglite = new Pglite(process, port);
        pglite.awaitListening();
        return pglite;
    }

    /**
     * A JDBC URL of this server's database with the index table {@code table}. PGlite runs one
     * backend for all connections, so the driver's named server-side statements ({@code S_1}...)
     * of two connections would collide: {@code prepareThreshold=0} keeps them unnamed. A real
     * PostgreSQL needs no such parameter.
     */
    public String url(String table) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&sslmode=disable&prepareThreshold=0&table="
                + table;
    }

    private void awaitListening() throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.contains("listening")) {
                        listening.complete(true);
                    }
                }
            } catch (IOException ignored) {
                // the server stopped
            }
            listening.complete(false);
        }, "pglite-output");
        reader.setDaemon(true);
        reader.start();
        if (!listening.get(120, TimeUnit.SECONDS)) {
            close();
            synchronized (output) {
                throw new IllegalStateException("PGlite did not start:\n" + String.join("\n", output));
            }
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.descendants().forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
        try {
            server.onExit().get(30, TimeUnit.SECONDS); // its port is free again once it has exited
        } catch (Exception ignored) {
            // gone or going; nothing more to do
        }
    }
}
