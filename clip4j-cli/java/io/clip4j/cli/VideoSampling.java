package io.clip4j.cli;

import io.clip4j.video.Sampling;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How a command samples videos: {@code --every S}, {@code --fps F} or {@code --keyframes} (one of them), and the shot threshold. */
final class VideoSampling {
    @Option(names = "--every", paramLabel = "S", description = "Seconds between sampled frames (default: 0.5).")
    Double every;

    @Option(names = "--fps", paramLabel = "F", description = "Sample about F frames a second instead (a step of 1/F s).")
    Double fps;

    @Option(names = "--keyframes", description = "Sample the key frames only (fast: the frames between are not decoded).")
    boolean keyframes;

    @Option(names = "--max-distance", defaultValue = "0.1", paramLabel = "D",
            description = "Cosine distance between consecutive frames that starts a new shot (default: ${DEFAULT-VALUE}).")
    double maxDistance;

    /** The sampling asked for, checked. */
    Sampling sampling(CommandLine commandLine) {
        int given = (every != null ? 1 : 0) + (fps != null ? 1 : 0) + (keyframes ? 1 : 0);
        if (given > 1) {
            throw new CommandLine.ParameterException(commandLine, "give one of --every, --fps and --keyframes");
        }
        if (every != null && !(every > 0 && Double.isFinite(every))) {
            throw new CommandLine.ParameterException(commandLine, "--every must be a positive number of seconds, not " + every);
        }
        if (fps != null && !(fps > 0 && Double.isFinite(fps))) {
            throw new CommandLine.ParameterException(commandLine, "--fps must be positive, not " + fps);
        }
        return keyframes ? Sampling.keyframes() : fps != null ? Sampling.fps(fps) : Sampling.every(every != null ? every : 0.5);
    }

    /** {@link #maxDistance}, checked. */
    double maxDistance(CommandLine commandLine) {
        if (!(maxDistance >= 0 && maxDistance <= 2)) {
            throw new CommandLine.ParameterException(commandLine, "--max-distance must be between 0 and 2, not " + maxDistance);
        }
        return maxDistance;
    }
}
