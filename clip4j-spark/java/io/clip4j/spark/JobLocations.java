package io.clip4j.spark;

import io.clip4j.ClipException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The job's input and output locations kept apart. Spark's overwrite mode deletes the output folder
 * before writing, so an output that is the input, lies inside it or holds it would delete the images
 * (and anything else there) and then fail reading them; this refuses such a pair before Spark starts.
 * Local paths are compared after resolving links (of the part that exists); a glob is compared by the
 * folder before its first wildcard; other file systems ({@code hdfs://}, {@code s3a://}) by scheme,
 * authority and normalised path.
 */
final class JobLocations {
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final Pattern WILDCARD = Pattern.compile("[*?\\[{]");

    private JobLocations() {
    }

    /** @throws ClipException when one location is or contains the other */
    static void requireApart(String input, String output) {
        if (input == null || output == null) {
            return;
        }
        Location in = Location.of(beforeWildcard(input));
        Location out = Location.of(output);
        if (!in.root().equals(out.root())) {
            return;
        }
        String how = out.path().equals(in.path()) ? "is the input" : out.path().startsWith(in.path()) ? "is inside the input"
                : in.path().startsWith(out.path()) ? "holds the input" : null;
        if (how != null) {
            throw new ClipException("--output " + output + " " + how + " " + input + ": Spark deletes the output folder before "
                    + "writing it, which would delete the input; choose an output outside the input");
        }
    }

    /**
     * Refuses a local input whose tree holds a link back to a folder above it. Spark's local listing follows
     * links, so {@code selfloop -> .} listed the same files 40 levels deep (one file gave 41 rows) until memory
     * ran out. The JDK's walk with links followed detects such a cycle; links elsewhere are followed as Spark does.
     *
     * @throws ClipException naming the link
     */
    static void requireNoLinkLoops(String input) {
        if (input == null) {
            return;
        }
        Location in = Location.of(beforeWildcard(input));
        if (!in.root().equals("file") || !Files.isDirectory(in.path())) {
            return;
        }
        try {
            Files.walkFileTree(in.path(), java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new java.nio.file.SimpleFileVisitor<>() {
                        @Override
                        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            if (e instanceof java.nio.file.FileSystemLoopException) {
                                throw e;
                            }
                            return java.nio.file.FileVisitResult.CONTINUE; // unreadable: Spark reports the file's row
                        }
                    });
        } catch (java.nio.file.FileSystemLoopException e) {
            throw new ClipException("--input " + input + ": " + e.getFile() + " is a link to a folder above it (a loop); Spark "
                    + "follows links and would list the same files again and again: remove the link or choose another input");
        } catch (IOException e) {
            // not listable here: Spark says so in its own words
        }
    }

    /** The folder part of a glob: everything before the path component holding the first wildcard. */
    private static String beforeWildcard(String location) {
        var m = WILDCARD.matcher(location);
        if (!m.find()) {
            return location;
        }
        int slash = location.lastIndexOf('/', m.start());
        return slash <= 0 ? "." : location.substring(0, slash);
    }

    private record Location(String root, Path path) {
        static Location of(String location) {
            boolean local = location.startsWith("file:") || !SCHEME.matcher(location).matches();
            if (!local) {
                URI uri = URI.create(location).normalize();
                return new Location(uri.getScheme() + "://" + uri.getRawAuthority(), Path.of("/", uri.getPath() == null ? "" : uri.getPath()));
            }
            String path = location.startsWith("file:") ? URI.create(location).getPath() : location;
            return new Location("file", real(Path.of(path).toAbsolutePath().normalize()));
        }

        /** Links resolved in the longest existing part of the path; the rest appended as written. */
        private static Path real(Path p) {
            Path existing = p;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return p;
            }
            try {
                return existing.toRealPath().resolve(existing.relativize(p));
            } catch (IOException e) {
                return p;
            }
        }
    }
}
