package io.clip4j.index;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key of an indexed stretch of a video: the file's path with a temporal media fragment,
 * {@code /videos/a.mp4#t=2.000,4.000} (W3C Media Fragments URI 1.0, normal play time in seconds,
 * 3 decimals). One document per shot keeps every store keyed by one string: a path-prefix filter
 * on the video's path finds all its shots, and a build over images never touches them.
 *
 * @param file the video's path (the key without its fragment)
 * @param start where the stretch starts, seconds
 * @param end where it ends, seconds
 */
public record MediaFragment(String file, double start, double end) {
    private static final Pattern FRAGMENT = Pattern.compile("#t=(\\d+(?:\\.\\d+)?),(\\d+(?:\\.\\d+)?)$");

    /** Checks the fields. */
    public MediaFragment {
        Objects.requireNonNull(file, "file");
        if (!(start >= 0) || !(end >= start)) {
            throw new IllegalArgumentException("a time range needs 0 <= start <= end, not " + start + ".." + end);
        }
    }

    /** The index key: {@code file#t=start,end}, seconds rounded to milliseconds. */
    public String key() {
        return file + String.format(Locale.ROOT, "#t=%.3f,%.3f", start, end);
    }

    /**
     * The fragment an index key names.
     *
     * @param key an indexed path
     * @return its file and time range, or null when the key is a plain file's path
     */
    public static MediaFragment parse(String key) {
        Matcher m = FRAGMENT.matcher(key);
        if (!m.find()) {
            return null;
        }
        return new MediaFragment(key.substring(0, m.start()), Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
    }

    /** Whether {@code key} names a stretch of a file rather than a whole file. */
    public static boolean isFragment(String key) {
        return FRAGMENT.matcher(key).find();
    }
}
