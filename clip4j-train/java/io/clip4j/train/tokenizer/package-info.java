/**
 * Training a CLIP-style byte-level BPE vocabulary from your own texts:
 * {@link io.clip4j.train.tokenizer.BpeTrainer} learns merges from texts that
 * {@link io.clip4j.train.tokenizer.CorpusReader} streams from CSV or text files, and
 * {@link io.clip4j.train.tokenizer.TrainedBpe} writes a tokenizer folder that
 * {@link io.clip4j.text.ClipTokenizer} and Hugging Face's CLIP tokenizers load. Texts are
 * cleaned and split by the tokenizer's own rules ({@link io.clip4j.text.TokenizerRules}).
 */
package io.clip4j.train.tokenizer;
