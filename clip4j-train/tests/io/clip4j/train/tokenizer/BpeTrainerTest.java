package io.clip4j.train.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.text.ClipTokenizer;
import io.clip4j.text.TokenizerRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BPE training: the merges a toy corpus must give (worked out by hand below), the vocabulary
 * size and minimum frequency limits, the id layout, deterministic files, and a round trip
 * through every file form {@link ClipTokenizer} loads.
 */
class BpeTrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("vocab.json", "merges.txt", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json");

    @TempDir
    Path dir;

    /**
     * Sennrich et al.'s example, words: low x5, lower x2, newest x6, widest x3, i.e.
     * "l o w<", "l o w e r<", "n e w e s t<", "w i d e s t<" (x< is x</w>). Pair counts:
     * (e,s)=9, (s,t<)=9, (w,e)=8, (l,o)=7, (n,e)=6, (e,w)=6, (o,w<)=5, (w,i)=(i,d)=(d,e)=3,
     * (o,w)=(e,r<)=2.
     */
    private static List<String> sennrich() {
        List<String> texts = new ArrayList<>();
        texts.add("low low LOW low low");
        texts.add("lower, lower!");
        for (int i = 0; i < 3; i++) {
            texts.add("newest  newest");
            texts.add("widest");
        }
        return texts;
    }

    /**
     * By hand, ties to the smaller first string:
     * 1. (e,s) and (s,t<) tie at 9: "e" < "s", so e+s. newest = n e w es t<, widest = w i d es t<.
     * 2. (es,t<) = 9.
     * 3. (l,o) = 7 (low 5 + lower 2); (w,e) fell to 2 as newest's "w e" became "w es".
     * 4. (n,e), (e,w), (w,est<) tie at 6: "e" first: e+w. newest = n ew est<.
     * 5. (n,ew), (ew,est<) tie at 6: "ew" < "n": ew+est<. 6. n+ewest<.
     * 7. (lo,w<) = 5.
     * 8. (w,i), (i,d), (d,est<) tie at 3: "d" first. 9. i+dest<. 10. w+idest<.
     * 11. (lo,w), (w,e), (e,r<) tie at 2: e+r<. 12. (lo,w), (w,er<) tie: lo+w. 13. low+er<.
     * Then every word is one token and no pair is left.
     */
    private static final List<String> SENNRICH_MERGES = List.of(
            "e s", "es t</w>", "l o", "e w", "ew est</w>", "n ewest</w>", "lo w</w>",
            "d est</w>", "i dest</w>", "w idest</w>", "e r</w>", "lo w", "low er</w>");

    private static List<String> mergeLines(TrainedBpe bpe) {
        return bpe.merges().stream().map(m -> m.first() + " " + m.second()).toList();
    }

    private static TrainedBpe train(List<String> texts, int vocabSize, int minFrequency) {
        return new BpeTrainer(vocabSize, minFrequency).addTexts(texts).train();
    }

    @Test
    void firstMergesAreTheOnesWorkedOutByHand() {
        TrainedBpe bpe = train(sennrich(), 49408, 1);
        assertEquals(SENNRICH_MERGES, mergeLines(bpe));
        assertEquals(512 + 13 + 2, bpe.vocabSize());
        assertEquals("low</w>", bpe.tokens().get(512 + 6));
        assertEquals(8, bpe.textsRead());
    }

    /**
     * "aaaa" is a a a a<: (a,a) counts 2 (overlapping), (a,a<) 1. Merging (a,a) left to right
     * gives aa a a< (not aa aa<, the last a is a<), leaving (aa,a)=1 and (a,a<)=1: "a" < "aa",
     * so a+a<, then aa+aa<.
     */
    @Test
    void overlappingPairsMergeLeftToRightLikeTheEncoder() {
        assertEquals(List.of("a a", "a a</w>", "aa aa</w>"), mergeLines(train(List.of("aaaa"), 49408, 1)));
    }

    @Test
    void vocabSizeIsRespected() {
        TrainedBpe bpe = train(sennrich(), 517, 1);
        assertEquals(517, bpe.vocabSize());
        assertEquals(List.of("e s", "es t</w>", "l o"), mergeLines(bpe));
        assertEquals(514, train(sennrich(), 514, 1).vocabSize());
        assertThrows(IllegalArgumentException.class, () -> new BpeTrainer(513, 1));
        assertThrows(IllegalArgumentException.class, () -> new BpeTrainer(1000, 0));
    }

    @Test
    void minFrequencyStopsMerging() {
        // After merge 10 the best pairs occur twice (see sennrich's merges).
        assertEquals(SENNRICH_MERGES.subList(0, 10), mergeLines(train(sennrich(), 49408, 3)));
        assertEquals(SENNRICH_MERGES, mergeLines(train(sennrich(), 49408, 2)));
        assertEquals(List.of(), mergeLines(train(sennrich(), 49408, 10)));
    }

    @Test
    void specialTokensComeLastWithTheirIds() throws IOException {
        TrainedBpe bpe = train(sennrich(), 49408, 1);
        bpe.writeTo(dir);
        int n = bpe.vocabSize();
        assertEquals(n - 2, bpe.startId());
        assertEquals(n - 1, bpe.endId());
        JsonNode vocab = JSON.readTree(dir.resolve("vocab.json").toFile());
        assertEquals(n, vocab.size());
        assertEquals(n - 2, vocab.get("<|startoftext|>").asInt());
        assertEquals(n - 1, vocab.get("<|endoftext|>").asInt());
        JsonNode tokenizerJson = JSON.readTree(dir.resolve("tokenizer.json").toFile());
        JsonNode added = tokenizerJson.get("added_tokens");
        assertEquals("<|startoftext|>", added.get(0).get("content").asText());
        assertEquals(n - 2, added.get(0).get("id").asInt());
        assertEquals("<|endoftext|>", added.get(1).get("content").asText());
        assertEquals(n - 1, added.get(1).get("id").asInt());
        assertEquals(n - 1, tokenizerJson.at("/post_processor/sep/1").asInt());
        assertEquals(n - 2, tokenizerJson.at("/post_processor/cls/1").asInt());
        assertEquals(n - 1, tokenizerJson.at("/model/vocab").get("<|endoftext|>").asInt());
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(dir);
        assertEquals(n - 2, tokenizer.startId());
        assertEquals(n - 1, tokenizer.endId());
        assertEquals(n - 1, tokenizer.padId(), "tokenizer_config.json pads with <|endoftext|>");
        assertEquals(n, tokenizer.vocabSize());
    }

    /** The first 512 ids and the file layout are those of CLIP's own vocab.json and merges.txt. */
    @Test
    void filesFollowClipsLayout() throws IOException {
        TrainedBpe bpe = train(sennrich(), 49408, 1);
        bpe.writeTo(dir);
        String ours = Files.readString(dir.resolve("vocab.json"));
        String clip = Files.readString(io.clip4j.Fixtures.hfVocabulary().resolve("vocab.json"));
        int end = ours.indexOf(": 511, ") + ": 511, ".length();
        assertEquals(clip.substring(0, end), ours.substring(0, end));
        assertTrue(ours.endsWith("\"<|startoftext|>\": 525, \"<|endoftext|>\": 526}"), ours);
        List<String> lines = Files.readAllLines(dir.resolve("merges.txt"));
        assertEquals("#version: 0.2", lines.get(0));
        assertEquals(SENNRICH_MERGES, lines.subList(1, lines.size()));
        String clipMerges = Files.readString(io.clip4j.Fixtures.hfVocabulary().resolve("merges.txt"));
        assertEquals(clipMerges.substring(0, clipMerges.indexOf('\n') + 1),
                Files.readString(dir.resolve("merges.txt")).substring(0, lines.get(0).length() + 1));
        JsonNode model = JSON.readTree(dir.resolve("tokenizer.json").toFile()).get("model");
        JsonNode fixtureModel = JSON.readTree(io.clip4j.Fixtures.TINY_CLIP.resolve("tokenizer.json").toFile()).get("model");
        for (String field : List.of("type", "unk_token", "continuing_subword_prefix", "end_of_word_suffix")) {
            assertEquals(fixtureModel.get(field), model.get(field), field);
        }
        assertEquals("ew", model.get("merges").get(4).get(0).asText());
        assertEquals("est</w>", model.get("merges").get(4).get(1).asText());
    }

    @Test
    void sameCorpusGivesByteIdenticalFilesWhateverTheOrder() throws IOException {
        List<String> corpus = captions(3000, 7);
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        train(corpus, 1500, 2).writeTo(first);
        List<String> shuffled = new ArrayList<>(corpus);
        Collections.shuffle(shuffled, new Random(99));
        train(shuffled, 1500, 2).writeTo(second);
        for (String file : FILES) {
            assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file);
        }
    }

    @Test
    void roundTripThroughEveryFileForm() {
        List<String> corpus = captions(5000, 1);
        BpeTrainer trainer = new BpeTrainer(600, 2).addTexts(corpus);
        TrainedBpe bpe = trainer.train();
        assertEquals(600, bpe.vocabSize());
        bpe.writeTo(dir);
        List<ClipTokenizer> forms = List.of(
                ClipTokenizer.fromModelDir(dir),
                ClipTokenizer.fromTokenizerJson(dir.resolve("tokenizer.json")),
                ClipTokenizer.fromVocabAndMerges(dir.resolve("vocab.json"), dir.resolve("merges.txt")));
        assertTrue(forms.get(0).encode("naïve painting").length > 2, "rare words stay split at this size");
        List<String> texts = new ArrayList<>(corpus.subList(0, 200));
        texts.addAll(List.of("A zebra's naïve café in Ελλάδα, 東京 🦓!!", "x-ray &amp; <b>bold</b> 12:30",
                "unseen wordsmithery", "<|startoftext|>a photo<|endoftext|>"));
        for (String text : texts) {
            int[] ids = forms.get(0).encode(text);
            for (ClipTokenizer form : forms) {
                assertArrayEquals(ids, form.encode(text), text);
                assertEquals(600, form.vocabSize());
            }
            StringBuilder expected = new StringBuilder();
            for (String piece : TokenizerRules.words(text)) {
                expected.append(piece).append(piece.startsWith("<|") && piece.endsWith("|>") ? "" : " ");
            }
            assertEquals(expected.toString(), forms.get(0).decode(ids), text);
            for (int id : ids) {
                assertTrue(id >= 0 && id < 600, text);
            }
        }
        for (String word : List.of("a", "photo", "of", "the", ".")) {
            int[] ids = forms.get(0).encode(word);
            assertArrayEquals(new int[] {bpe.tokens().indexOf(word + "</w>")}, ids, word);
        }
        int[] tokenized = forms.get(0).tokenize("a photo of the");
        assertArrayEquals(new int[] {bpe.startId(), bpe.tokens().indexOf("a</w>"), bpe.tokens().indexOf("photo</w>"),
            bpe.tokens().indexOf("of</w>"), bpe.tokens().indexOf("the</w>"), bpe.endId()}, tokenized);
    }

    /** Every training word splits into tokens the encoder finds; frequent ones into one. */
    @Test
    void encoderReproducesTrainingOnEveryWord() {
        List<String> corpus = captions(2000, 3);
        WordCounter counter = new WordCounter();
        corpus.forEach(counter::add);
        TrainedBpe bpe = train(corpus, 49408, 1);
        bpe.writeTo(dir);
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(dir);
        // With minFrequency 1 and room left, merging goes on until every word is one token.
        for (Map.Entry<String, Long> e : counter.counts().entrySet()) {
            assertArrayEquals(new int[] {bpe.tokens().indexOf(symbols(e.getKey()) + "</w>")},
                    tokenizer.encode(e.getKey()), e.getKey());
        }
    }

    /** A word's UTF-8 bytes as byte-level symbols. */
    private static String symbols(String word) {
        StringBuilder out = new StringBuilder();
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            out.append(TokenizerRules.symbolOf(b));
        }
        return out.toString();
    }

    /** Captions from templates, with punctuation, digits, accents, CJK and emoji. */
    static List<String> captions(int count, long seed) {
        String[] subjects = {"dog", "cat", "horse", "bird", "man", "woman", "child", "car", "bus",
            "café table", "naïve painting", "東京 street", "🐶 puppy", "pizza", "laptop", "red kite"};
        String[] verbs = {"sitting on", "standing near", "running across", "lying under",
            "parked beside", "flying over", "looking at"};
        String[] places = {"the beach", "a wooden bench", "the grass", "a busy road", "the snow",
            "an old building", "the kitchen counter", "a river's edge"};
        String[] tails = {".", "!", "", " at night.", " in 1998.", " (black & white)", " -- 2 of them"};
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String article = random.nextInt(4) == 0 ? "A photo of a " : "a ";
            out.add(article + subjects[random.nextInt(subjects.length)] + " "
                    + verbs[random.nextInt(verbs.length)] + " " + places[random.nextInt(places.length)]
                    + tails[random.nextInt(tails.length)]);
        }
        return out;
    }

    @Test
    void addTextsRejectsNull() {
        BpeTrainer trainer = new BpeTrainer();
        assertThrows(IllegalArgumentException.class, () -> trainer.addText(null));
        Iterable<String> withNull = () -> new Iterator<>() {
            boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public String next() {
                done = true;
                return null;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> trainer.addTexts(withNull));
        assertEquals(0, trainer.textsRead());
    }

    @Test
    void emptyCorpusGivesTheBaseVocabulary() throws IOException {
        TrainedBpe bpe = new BpeTrainer().addText("").addText("   ").train();
        assertEquals(514, bpe.vocabSize());
        bpe.writeTo(dir);
        assertEquals("#version: 0.2\n", Files.readString(dir.resolve("merges.txt"), StandardCharsets.UTF_8));
        assertEquals(514, ClipTokenizer.fromModelDir(dir).vocabSize());
    }
}
