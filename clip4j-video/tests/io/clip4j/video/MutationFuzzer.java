package io.clip4j.video;

import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A mutation fuzzer over image files and video containers: seeds (the fixture's PNG and JPEG images,
 * small MP4, Matroska and MPEG-TS videos) are mutated by bit flips, truncation, lying header bytes and
 * repeated or removed chunks, then decoded as clip4j decodes them. Run in a child JVM by {@link FuzzTest}
 * (a crash then counts instead of ending the run), which reads one line per input:
 * {@code INPUT n kind how} before each decode and {@code RESULT n ok|clean|unexpected detail} after it;
 * a parent that sees no RESULT within the time bound counts a timeout and starts a new child at n + 1.
 *
 * <p>{@code main(kind, seed, first, count, workDir)}: kind is {@code images} or {@code videos}.
 */
public final class MutationFuzzer {
    private MutationFuzzer() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        long seed = Long.parseLong(args[1]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        Path work = Files.createDirectories(Path.of(args[4]));
        List<Path> seeds = kind.equals("images") ? imageSeeds() : videoSeeds(work);
        PrintStream out = System.out;
        ImageDecoder decoder = new ImageDecoder();
        for (int n = first; n < first + count; n++) {
            // input n is the same in every run and every child (SplittableRandom mixes neighbouring seeds well)
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + n);
            Path source = seeds.get(random.nextInt(seeds.size()));
            byte[] bytes = Files.readAllBytes(source);
            Mutant mutation = mutate(bytes, random);
            byte[] mutant = mutation.bytes();
            String how = mutation.how();
            String name = source.getFileName().toString();
            Path file = work.resolve("mutant-" + n + name.substring(name.lastIndexOf('.')));
            Files.write(file, mutant);
            out.println("INPUT " + n + " " + name + " " + how);
            out.flush();
            String result;
            try {
                if (kind.equals("images")) {
                    try (Mat m = decoder.decode(file)) {
                        result = "ok " + m.cols() + "x" + m.rows();
                    }
                } else {
                    VideoFrames.Result r = VideoFrames.read(file, Sampling.every(0.5), false, SampledFrame::close);
                    result = r.stoppedEarly() == null ? "ok " + r.sampled() + " frames" : "clean " + r.stoppedEarly();
                }
            } catch (ImageDecodeException | VideoException e) {
                result = "clean " + e.getMessage();
            } catch (RuntimeException | Error e) {
                result = "unexpected " + e;
            }
            out.println("RESULT " + n + " " + result.replaceAll("\\R", " "));
            out.flush();
            Files.delete(file);
        }
    }

    /** A mutated copy and what was done to it. */
    private record Mutant(byte[] bytes, String how) {
    }

    /** A mutated copy of {@code bytes}. */
    private static Mutant mutate(byte[] bytes, SplittableRandom random) {
        byte[] b = bytes.clone();
        String how;
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(16);
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                how = "flip " + flips + " bits";
            }
            case 1 -> {
                int length = random.nextInt(b.length);
                b = java.util.Arrays.copyOf(b, length);
                how = "truncate to " + length;
            }
            case 2 -> { // a lying header: large or zero values where sizes and counts live
                int at = random.nextInt(Math.min(b.length, 256));
                byte[] lie = random.nextBoolean() ? new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}
                        : new byte[] {0, 0, 0, 0};
                for (int i = 0; i < lie.length && at + i < b.length; i++) {
                    b[at + i] = lie[i];
                }
                how = "header lie at " + at;
            }
            case 3 -> { // a chunk repeated
                int from = random.nextInt(b.length);
                int length = Math.min(b.length - from, 1 + random.nextInt(4096));
                byte[] c = new byte[b.length + length];
                System.arraycopy(b, 0, c, 0, from + length);
                System.arraycopy(b, from, c, from + length, b.length - from);
                b = c;
                how = "repeat " + length + " bytes at " + from;
            }
            default -> { // a chunk removed
                int from = random.nextInt(b.length);
                int length = Math.min(b.length - from, 1 + random.nextInt(4096));
                byte[] c = new byte[b.length - length];
                System.arraycopy(b, 0, c, 0, from);
                System.arraycopy(b, from + length, c, from, b.length - from - length);
                b = c;
                how = "remove " + length + " bytes at " + from;
            }
        }
        if (b.length == 0) {
            b = new byte[] {0};
        }
        return new Mutant(b, how);
    }

    private static List<Path> imageSeeds() throws Exception {
        try (var files = Files.list(io.clip4j.Fixtures.IMAGES)) {
            return files.sorted().toList();
        }
    }

    private static List<Path> videoSeeds(Path work) throws Exception {
        List<Path> seeds = new ArrayList<>();
        List<TestVideos.Shot> shots = List.of(new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 1),
                new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 1));
        seeds.add(TestVideos.write(work.resolve("seed.mp4"), "mp4", 10, 5, shots));
        seeds.add(TestVideos.write(work.resolve("seed.mkv"), "matroska", 10, 5, shots));
        seeds.add(TestVideos.write(work.resolve("seed.ts"), "mpegts", 10, 5, shots));
        return seeds;
    }
}
