/**
 * Linear probes: image classification learned from labelled examples on top of a frozen CLIP
 * model. Each image is embedded once (unit-length image embeddings); a multinomial logistic
 * regression {@code softmax(x·Wᵀ + b)} with an L2 penalty is fitted to them with libtorch's
 * autograd ({@link io.clip4j.train.probe.LinearProbe}, {@code ProbeTrainer});
 * the result is a small head ({@link io.clip4j.train.probe.ProbeHead}) saved as a safetensors file
 * beside the model ({@link io.clip4j.train.probe.HeadFile}) and a report with accuracies and a
 * confusion matrix ({@link io.clip4j.train.probe.ProbeReport}).
 *
 * <p>Where zero-shot classification needs only label names, a probe needs a few labelled images
 * per class and in exchange learns what the labels mean in the user's own images; the CLIP paper
 * reports it well ahead of zero-shot on most datasets once a class has tens of examples.
 *
 * <p>Command line: {@code clip4j probe --model DIR --folder ROOT --out DIR/head.safetensors}, then
 * {@code clip4j classify --model DIR --head DIR/head.safetensors IMAGES…}.
 */
package io.clip4j.train.probe;
