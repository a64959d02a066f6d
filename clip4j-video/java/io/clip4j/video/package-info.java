/**
 * CLIP over video files: {@link io.clip4j.video.VideoFrames} decodes with FFmpeg and samples
 * frames by time, {@link io.clip4j.video.VideoClassifier} embeds them through the core's batch
 * step, merges alike consecutive frames into shots and labels each shot with its time range.
 */
package io.clip4j.video;
