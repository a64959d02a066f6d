package io.clip4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.video.InputOrder;
import io.clip4j.video.VideoException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a {@code video} command's work on each video, up to {@code parallel} videos at once, and
 * prints each video's JSON lines together, in input order. One video at a time, lines are printed
 * as they come (a live stream's shots appear as they end).
 */
final class VideoJobs {
    /** The work on one video: prints its lines through {@code line}; false when the video failed. */
    @FunctionalInterface
    interface Job {
        boolean run(String video, Consumer<ObjectNode> line);
    }

    private VideoJobs() {
    }

    /** Runs {@code job} on every video; returns how many failed (an unreadable video is an error line). */
    static int run(List<String> videos, int parallel, PrintWriter out, Job job) {
        if (parallel == 1) {
            int failed = 0;
            for (String video : videos) {
                failed += guarded(job, video, line -> JsonLines.print(out, line)) ? 0 : 1;
            }
            return failed;
        }
        int[] failed = {0};
        InputOrder.forEach(videos, parallel, "clip4j-video", video -> {
            List<ObjectNode> lines = new ArrayList<>();
            boolean ok = guarded(job, video, lines::add);
            return new Lines(lines, ok);
        }, (video, done) -> {
            done.lines().forEach(line -> JsonLines.print(out, line));
            failed[0] += done.ok() ? 0 : 1;
        });
        return failed[0];
    }

    private record Lines(List<ObjectNode> lines, boolean ok) {
    }

    private static boolean guarded(Job job, String video, Consumer<ObjectNode> line) {
        try {
            return job.run(video, line);
        } catch (VideoException e) {
            line.accept(JsonLines.object().put("video", video).put("error", e.getMessage()));
            return false;
        }
    }

    /** Seconds rounded to milliseconds, as every video line prints them. */
    static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
