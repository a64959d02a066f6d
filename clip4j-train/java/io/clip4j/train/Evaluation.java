package io.clip4j.train;

import io.clip4j.train.data.Sample;
import io.clip4j.zeroshot.PromptTemplates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * What a validation pass measures: the contrastive loss; zero-shot top-1 over the validation
 * labels (or, without labels, over the unique captions), each class's prompt built from the
 * templates; and image→text recall@1 and @5 over the unique validation captions.
 */
public record Evaluation(double loss, double zeroShotTop1, int zeroShotClasses, double recallAt1, double recallAt5,
                         int images) {
    /** Evaluates {@code model} on {@code samples} in batches of {@code batchSize}. */
    static Evaluation run(TrainableClip model, PairBatches batches, List<Sample> samples, int batchSize,
                          PromptTemplates templates) {
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            TensorVector imageParts = new TensorVector();
            double lossSum = 0;
            int lossBatches = 0;
            for (int from = 0; from < samples.size(); from += batchSize) {
                try (PointerScope inner = new PointerScope()) {
                    List<Sample> part = samples.subList(from, Math.min(samples.size(), from + batchSize));
                    Tensor images = model.imageFeatures(batches.pixels(part, null));
                    if (part.size() > 1) {
                        List<String> captions = PairBatches.captions(part);
                        Tensor texts = model.textFeatures(batches.ids(captions));
                        lossSum += ContrastiveLoss.of(images, texts, model.logitScale(), captions).item_double();
                        lossBatches++;
                    }
                    imageParts.push_back(ContrastiveLoss.normalised(images)); // the vector holds its own reference
                }
            }
            Tensor images = torch.cat(imageParts, 0);
            boolean labelled = samples.stream().allMatch(s -> s.label() != null);
            List<String> classes = unique(samples, labelled);
            Tensor classVectors = classVectors(model, batches, classes, templates, batchSize);
            int[] truth = samples.stream().mapToInt(s -> classes.indexOf(labelled ? s.label() : s.caption())).toArray();
            double top1 = hits(images.matmul(classVectors.t()), truth, 1);
            List<String> captions = unique(samples, false);
            Tensor captionVectors = encodeTexts(model, batches, captions, batchSize);
            int[] ownCaption = samples.stream().mapToInt(s -> captions.indexOf(s.caption())).toArray();
            Tensor similarities = images.matmul(captionVectors.t());
            return new Evaluation(lossBatches == 0 ? Double.NaN : lossSum / lossBatches, top1, classes.size(),
                    hits(similarities, ownCaption, 1), hits(similarities, ownCaption, 5), samples.size());
        }
    }

    private static List<String> unique(List<Sample> samples, boolean labels) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        samples.forEach(s -> seen.put(labels ? s.label() : s.caption(), true));
        return new ArrayList<>(seen.keySet());
    }

    /** Each class's normalised mean prompt embedding, as the zero-shot classifier builds them. */
    static Tensor classVectors(TrainableClip model, PairBatches batches, List<String> classes, PromptTemplates templates,
                               int batchSize) {
        TensorVector rows = new TensorVector();
        for (String label : classes) {
            Tensor prompts = encodeTexts(model, batches, templates.prompts(label), batchSize);
            rows.push_back(ContrastiveLoss.normalised(prompts.mean(new long[] {0}, true, new org.bytedeco.pytorch.ScalarTypeOptional())));
        }
        return torch.cat(rows, 0);
    }

    private static Tensor encodeTexts(TrainableClip model, PairBatches batches, List<String> texts, int batchSize) {
        TensorVector parts = new TensorVector();
        for (int from = 0; from < texts.size(); from += batchSize) {
            parts.push_back(ContrastiveLoss.normalised(
                    model.textFeatures(batches.ids(texts.subList(from, Math.min(texts.size(), from + batchSize))))));
        }
        return torch.cat(parts, 0);
    }

    /** Share of rows whose true column is among the {@code k} highest scores. */
    private static double hits(Tensor scores, int[] truth, int k) {
        int kk = (int) Math.min(k, scores.size(1));
        Tensor top = scores.topk(kk).get1().to(new org.bytedeco.pytorch.Device("cpu"),
                org.bytedeco.pytorch.global.torch.ScalarType.Long); // host memory, also for a GPU model
        long[] flat = new long[(int) top.numel()];
        top.contiguous().data_ptr_long().get(flat);
        int hits = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < kk; j++) {
                if (flat[i * kk + j] == truth[i]) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / truth.length;
    }
}
