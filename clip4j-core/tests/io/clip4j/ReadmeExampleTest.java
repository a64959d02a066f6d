package io.clip4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example, as printed there, compiles against the library and classifies the
 * demo model's sample as what it shows.
 */
class ReadmeExampleTest {
    private static final String MARKER = "<!-- readme-example -->";

    /** The java block right after the marker in README.md. */
    static String example() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf(MARKER);
        assertTrue(marker >= 0, "README.md has no " + MARKER);
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    @Test
    void theReadmeExampleCompilesAndClassifies(@TempDir Path dir) throws Exception {
        String code = example();
        String source = "import io.clip4j.ClipModel;\nimport io.clip4j.zeroshot.Classification;\n"
                + "import java.nio.file.Path;\nimport java.util.List;\n"
                + "public class ReadmeExample {\n  public static void main(String[] args) throws Exception {\n"
                + code + "  }\n}\n";
        Path file = dir.resolve("ReadmeExample.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, null, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), file.toString());
        assertEquals(0, status, diagnostics.toString(StandardCharsets.UTF_8) + "\n" + source);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("ReadmeExample").getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(printed.startsWith("blue triangle "), printed);
        assertTrue(code.contains("ClipModel.load(") && code.contains("clip.classifier(") && code.contains("classifier.classify(Path"),
                "the three-statement form: " + code);
    }
}
