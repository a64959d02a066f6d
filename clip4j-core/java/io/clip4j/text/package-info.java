/**
 * CLIP's text tokenizer in pure Java: {@link io.clip4j.text.ClipTokenizer} gives the ids of
 * OpenAI's {@code SimpleTokenizer} and loads the vocabulary from a Hugging Face
 * {@code tokenizer.json}, a {@code vocab.json} with {@code merges.txt}, or the original
 * {@code bpe_simple_vocab_16e6.txt.gz}; {@link io.clip4j.text.TokenBatch} holds a padded batch
 * in native memory for libtorch.
 */
package io.clip4j.text;
