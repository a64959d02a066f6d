package io.clip4j.train;

import io.clip4j.train.data.Sample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Every other batch is drawn from only {@code groupsPerBatch} groups of a key (e.g. two colours),
 * the rest as shuffled. When one attribute alone separates most pairs in a random batch (the
 * colour of a shape, say), the contrastive loss stops improving once the model knows it and the
 * harder attribute (the shape) is learned very slowly; in a batch where every image has one of
 * two colours, only the harder attribute can tell the captions apart. This is hard-negative
 * batching, a standard remedy for such shortcuts.
 */
public record HardNegativeBatches(Function<Sample, String> key, int groupsPerBatch) implements BatchOrder {
    @Override
    public List<Sample> arrange(List<Sample> shuffled, int batchSize, Random random) {
        Map<String, Deque<Sample>> groups = new LinkedHashMap<>();
        List<Sample> rest = new ArrayList<>();
        for (int i = 0; i < shuffled.size(); i++) {
            Sample s = shuffled.get(i);
            if (i % 2 == 0) {
                groups.computeIfAbsent(key.apply(s), k -> new ArrayDeque<>()).add(s);
            } else {
                rest.add(s);
            }
        }
        List<Sample> out = new ArrayList<>(shuffled.size());
        int perGroup = Math.max(1, batchSize / groupsPerBatch);
        int restAt = 0;
        boolean hard = true;
        while (out.size() < shuffled.size()) {
            List<String> open = groups.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
            if (hard && !open.isEmpty()) {
                List<Sample> batch = new ArrayList<>(batchSize);
                List<String> keys = new ArrayList<>(open);
                java.util.Collections.shuffle(keys, random);
                for (String k : keys) {
                    Deque<Sample> q = groups.get(k);
                    for (int j = 0; j < perGroup && !q.isEmpty() && batch.size() < batchSize; j++) {
                        batch.add(q.poll());
                    }
                    if (batch.size() >= batchSize) {
                        break;
                    }
                }
                while (batch.size() < batchSize && restAt < rest.size()) {
                    batch.add(rest.get(restAt++));
                }
                out.addAll(batch);
            } else {
                int end = Math.min(rest.size(), restAt + batchSize);
                if (restAt == end) {
                    groups.values().forEach(out::addAll); // nothing random left: the rest of the groups
                    groups.values().forEach(Deque::clear);
                } else {
                    out.addAll(rest.subList(restAt, end));
                    restAt = end;
                }
            }
            hard = !hard;
        }
        return out;
    }
}
