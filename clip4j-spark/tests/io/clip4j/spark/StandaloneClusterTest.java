package io.clip4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real Spark cluster, as docs/spark.md submits it: a standalone master and worker started
 * from the Maven jars (a SPARK_HOME whose jars/ holds this test's class path), the job submitted through
 * {@code SparkSubmit} in client mode with the model shipped by {@code --archives}, everything on 127.0.0.1.
 * The executor runs in a JVM of its own that only the worker's class path and the archive reach: the rows
 * equal the embeddings computed here, and the corrupt file is one error row.
 */
class StandaloneClusterTest {
    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();


    /** A running master and worker, and what a submit needs. */
    private record Cluster(String master, Map<String, String> env, String javaBin, String cp, Path appJar, Path model) {
    }

    /** Starts a master and a worker from a SPARK_HOME whose jars/ holds this test's class path. */
    private Cluster startCluster() throws Exception {
        Path sparkHome = Files.createDirectories(tmp.resolve("spark"));
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) { // a module of this build, not yet packaged: as a jar, as the cluster wants
                jar(p, jars.resolve("classes-" + n++ + ".jar"));
            } else if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                Files.createSymbolicLink(jars.resolve(n++ + "-" + p.getFileName()), p.toAbsolutePath());
            }
        }
        Path appJar = tmp.resolve("clip4j-spark-app.jar");
        jar(Path.of("clip4j-spark/target/classes"), appJar);
        Path model = tmp.resolve("tiny-clip.tar.gz");
        run(List.of("tar", "-czf", model.toString(), "-C", Fixtures.TINY_CLIP.toString(), "."), 60);
        // the master and worker say they are ready at INFO; the tests' own Log4j file keeps WARN
        Path log4j = Files.writeString(tmp.resolve("log4j2-cluster.properties"), String.join("\n", "rootLogger.level = info",
                "rootLogger.appenderRef.console.ref = console", "appender.console.type = Console", "appender.console.name = console",
                "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n"));
        String logInfo = "-Dlog4j2.configurationFile=" + log4j;
        Map<String, String> env = new HashMap<>(Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
                "SPARK_LOCAL_IP", "127.0.0.1", "OMP_WAIT_POLICY", "PASSIVE"));
        String javaBin = io.clip4j.ChildJvm.javaBinary();
        String cp = jars + "/*";
        int masterPort = freePort();
        String master = "spark://127.0.0.1:" + masterPort;
        start(List.of(javaBin, "-Xmx512m", logInfo, "-cp", cp, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())), env, tmp.resolve("master.log"));
        awaitLog(tmp.resolve("master.log"), "I have been elected leader", 60);
        start(List.of(javaBin, "-Xmx512m", logInfo, "-cp", cp, "org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1",
                "--cores", "2", "--memory", "3g", "--webui-port", String.valueOf(freePort()), "--work-dir",
                tmp.resolve("work").toString()), env, tmp.resolve("worker.log"));
        awaitLog(tmp.resolve("worker.log"), "Successfully registered with master", 60);
        return new Cluster(master, env, javaBin, cp, appJar, model);
    }

    /** spark-submit's command for the job over {@code images} into {@code output}. */
    private static List<String> submit(Cluster c, Path images, Path output) {
        List<String> submit = new ArrayList<>(List.of(c.javaBin(), "-Xmx1g", "-cp", c.cp()));
        submit.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", c.master(), "--deploy-mode", "client",
                "--class", SparkEmbedJob.class.getName(), "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=2g",
                "--conf", "spark.executorEnv.OMP_WAIT_POLICY=PASSIVE", "--archives", c.model() + "#tiny-clip",
                c.appJar().toString(), "--input", images.toString(), "--output", output.toString(), "--model", "tiny-clip",
                "--device", "cpu", "--batch-size", "4"));
        return submit;
    }

    @Test
    void theJobRunsOnAStandaloneCluster() throws Exception {
        try {
            Cluster cluster = startCluster();
            Path images = SparkSessions.fixtureImagesIn(tmp.resolve("images"));
            Files.writeString(images.resolve("broken.png"), "not a png");
            Path output = tmp.resolve("embeddings");
            String summary = run(submit(cluster, images, output), cluster.env(), tmp.resolve("submit.log"), 600);
            assertTrue(summary.contains("\"rows\":9") && summary.contains("\"errors\":1"), summary);

            SparkSession spark = SparkSessions.local(1);
            try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP)) {
                Dataset<Row> rows = spark.read().parquet(output.toString());
                int compared = 0;
                for (Row row : rows.collectAsList()) {
                    String path = row.getAs("path");
                    if (path.endsWith("broken.png")) {
                        assertTrue(row.getAs("error") != null, "the corrupt file's row carries its error");
                        continue;
                    }
                    List<Float> got = row.getList(row.fieldIndex("embedding"));
                    float[] want;
                    try (Embeddings e = clip.embedImageFiles(List.of(Path.of(java.net.URI.create(path).getPath())))) {
                        want = e.row(0);
                    }
                    float[] gotArray = new float[got.size()];
                    for (int i = 0; i < gotArray.length; i++) {
                        gotArray[i] = got.get(i);
                    }
                    Fixtures.assertClose(want, gotArray, 1e-5, path);
                    compared++;
                }
                assertEquals(8, compared);
            } finally {
                spark.stop();
            }
        } finally {
            stopAll();
        }
    }

    /** The executor killed (SIGKILL) mid-job: Spark starts another and the output still holds each file once. */
    @Test
    void aKilledExecutorIsReplacedAndNoRowIsLostOrDoubled() throws Exception {
        try {
            Cluster cluster = startCluster();
            Path images = Files.createDirectories(tmp.resolve("many"));
            byte[] small = Files.readAllBytes(Fixtures.IMAGES.resolve("tiny_random.png"));
            int count = 1500;
            for (int i = 0; i < count; i++) {
                Files.write(images.resolve(String.format("img-%05d.png", i)), small);
            }
            Path output = tmp.resolve("embeddings-killed");
            ProcessBuilder b = new ProcessBuilder(submit(cluster, images, output)).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("submit-killed.log").toFile());
            b.environment().putAll(cluster.env());
            Process job = b.start();
            // the first executor, once it has run for a few seconds (its tasks under way)
            ProcessHandle executor = null;
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (executor == null && System.nanoTime() < deadline && job.isAlive()) {
                executor = started.get(1).descendants().filter(p -> p.info().commandLine().orElse("") // the worker's child
                        .contains("CoarseGrainedExecutorBackend")).findFirst().orElse(null);
                Thread.sleep(200);
            }
            assertTrue(executor != null, "an executor started");
            Thread.sleep(6000);
            boolean killedMidJob = job.isAlive();
            executor.destroyForcibly();
            assertTrue(job.waitFor(600, TimeUnit.SECONDS), "the job finished");
            String log = Files.readString(tmp.resolve("submit-killed.log"));
            assertEquals(0, job.exitValue(), tail(log));
            assertTrue(killedMidJob, "the executor was killed while the job ran");
            SparkSession spark = SparkSessions.local(1);
            try {
                Dataset<Row> rows = spark.read().parquet(output.toString());
                assertEquals(count, rows.count(), "one row a file");
                assertEquals(count, rows.select("path").distinct().count(), "each file once");
                assertEquals(0, rows.filter("error IS NOT NULL").count());
            } finally {
                spark.stop();
            }
            System.out.println("killed executor " + executor.pid() + " mid-job; " + count + " rows, each file once");
        } finally {
            stopAll();
        }
    }

    private void stopAll() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        started.clear();
    }

    private void start(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        started.add(b.start());
    }

    /** Runs to the end and returns its output; fails with the log's tail past {@code seconds}. */
    private static String run(List<String> command, Map<String, String> env, Path log, int seconds) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        Process p = b.start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        String out = Files.readString(log);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done && p.exitValue() == 0, "exit " + (done ? p.exitValue() : "timeout") + ":\n" + tail(out));
        return out;
    }

    private static void run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command));
    }

    private static void awaitLog(Path log, String line, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no '" + line + "' in " + log + " (class path " + System.getProperty("java.class.path").length()
                + " chars: " + tail(System.getProperty("java.class.path")) + "):\n" + tail(Files.readString(log)));
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A jar of a classes folder. */
    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             var walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }
}
