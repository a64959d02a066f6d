/**
 * Content moderation with CLIP: a {@link io.clip4j.moderation.ModerationPolicy} lists categories
 * (prompts, optional negative prompts, a threshold, an action), {@link io.clip4j.moderation.PolicyReader}
 * reads and checks one from JSON, {@link io.clip4j.moderation.DefaultPolicy} ships an uncalibrated
 * starting point, and {@link io.clip4j.moderation.Moderator} scores images against a policy into
 * {@link io.clip4j.moderation.ModerationResult}s.
 */
package io.clip4j.moderation;
