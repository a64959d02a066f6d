package io.clip4j.cli;

import io.clip4j.ClipException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/clip4j}: results on stdout as JSON lines, progress and errors on stderr, a
 * non-zero exit status (1 for a failed job, 2 for a bad command line) with one line of error.
 */
// scope INHERIT: every command and subcommand answers -h/--help and -V/--version.
@Command(name = "clip4j", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "clip4j 0.1.0",
        description = "CLIP for the JVM: classify images zero-shot, embed text and images, search and moderate images, serve over HTTP, tokenize, inspect and download models, benchmark.",
        subcommands = {ClassifyCommand.class, TokenizeCommand.class, TrainTokenizerCommand.class, EmbedTextCommand.class, EmbedImageCommand.class, EmbedPixelsCommand.class, SparkEmbedCommand.class, VideoCommand.class,
            PreprocessCommand.class, IndexCommand.class, PullCommand.class, ModerateCommand.class, ServeCommand.class, InfoCommand.class,
            BenchCommand.class, BenchPreprocessCommand.class, BenchIndexCommand.class, BenchServeCommand.class, ShapesCommand.class, FinetuneCommand.class, ProbeCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Lucene warns on every start that the incubating Vector API is not enabled; the README says
    // how to enable it (CLIP4J_JAVA_OPTS), so keep stderr for the command's own messages.
    private static final java.util.logging.Logger LUCENE_VECTORIZATION =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    /** Entry point. */
    public static void main(String[] args) {
        LUCENE_VECTORIZATION.setLevel(java.util.logging.Level.SEVERE);
        // Straight to file descriptor 1: System.out is a PrintStream, which hides write errors from a PrintWriter over it.
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(new java.io.FileOutputStream(java.io.FileDescriptor.out),
                System.out.charset()), true);
        System.exit(run(args, out, new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit status (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("clip4j: " + e.getMessage());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("clip4j: " + oneLine(e));
            return 1;
        });
        String unknown = unknownCommand(cli, args);
        if (unknown != null) {
            err.println("clip4j: " + unknown);
            return 2;
        }
        int status = cli.execute(args);
        if (out.checkError() && status != 1) { // what went out past JsonLines (usage, help) failed too
            err.println("clip4j: " + OUTPUT_FAILED);
            return 1;
        }
        return status;
    }

    /** The one line for a standard output that does not take the results. */
    static final String OUTPUT_FAILED = "cannot write the results to standard output (disk full, or the reader closed the pipe); "
            + "what was printed is incomplete";

    /**
     * A leading word that names no command of the command before it, described; null when there is
     * none. picocli shows the usage and exits 0 for {@code clip4j nosuchcommand --help}, since a help
     * request outranks an unmatched word; a mistyped command is a usage error with or without it.
     */
    private static String unknownCommand(CommandLine cli, String[] args) {
        CommandLine command = cli;
        for (String arg : args) {
            if (arg.startsWith("-") || command.getSubcommands().isEmpty()) {
                return null;
            }
            CommandLine next = command.getSubcommands().get(arg);
            if (next == null) {
                String path = command.getCommandSpec().qualifiedName();
                return "unknown command '" + arg + "'" + (command == cli ? "" : " for " + path) + "; see " + path + " --help";
            }
            command = next;
        }
        return null;
    }

    private static String oneLine(Exception e) {
        String message = e instanceof ClipException || e.getMessage() != null
                ? e.getMessage() : e.getClass().getSimpleName();
        if (!(e instanceof ClipException) && !(e instanceof java.io.UncheckedIOException)) {
            message = e.getClass().getSimpleName() + ": " + message;
        }
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; see clip4j --help");
    }
}
