/**
 * CLIP zero-shot classification: labels and prompt templates become class vectors
 * ({@link io.clip4j.zeroshot.ZeroShotClassifier}), images become ranked labels with
 * probabilities ({@link io.clip4j.zeroshot.Classification}) or, in multi-label mode, the labels
 * whose cosine passes a threshold ({@link io.clip4j.zeroshot.LabelMatch}).
 * {@link io.clip4j.zeroshot.PromptTemplates} and {@link io.clip4j.zeroshot.ClassNames} read
 * templates and class names from files; {@link io.clip4j.zeroshot.ClassifierCache} builds each
 * classifier once.
 */
package io.clip4j.zeroshot;
