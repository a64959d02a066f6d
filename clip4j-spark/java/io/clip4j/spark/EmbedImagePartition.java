package io.clip4j.spark;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.image.DecodeOptions;
import io.clip4j.image.ImageDecoder;
import io.clip4j.index.IndexedFile;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import io.clip4j.zeroshot.Classification;
import io.clip4j.zeroshot.Prediction;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One partition of files (Spark's {@code binaryFile} rows: path, modificationTime, length,
 * content) → one output row each, in order, through the core's files → embeddings engine
 * ({@link ImageEmbeddingPipeline}): its decoder threads decode (and, on a GPU, stage into pinned
 * memory) the next batch while this one is encoded by the executor's batcher, which the
 * executor's concurrent tasks share ({@link ExecutorBatchers}). A file that cannot be decoded
 * gets a null embedding and its error; the rest of its batch goes on.
 */
final class EmbedImagePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /** Batches handed to the engine at a time: enough to keep its decoders ahead, bounded memory. */
    private static final int BATCHES_PER_RUN = 8;

    private final ClipJobOptions options;

    EmbedImagePartition(ClipJobOptions options) {
        this.options = options;
    }

    /** What the engine carries for one row: its place in the chunk and its bytes' hash. */
    private record Note(int index, String sha256) {
    }

    @Override
    public Iterator<Row> call(Iterator<Row> files) {
        ClipModel model = ExecutorModels.model(options, TaskDevice.current(options.device()));
        TaskContext task = TaskContext.get();
        ImageEmbeddingPipeline pipeline = new ImageEmbeddingPipeline(model, new ImageDecoder(DecodeOptions.defaults()),
                pipelineOptions(model.options().isCuda(), options.batchSize(), task == null ? 0 : task.cpus()),
                ExecutorBatchers.imageStep(model, options.batchSize()));
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> pipeline.close());
        }
        return new Iterator<>() {
            private List<Row> ready = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                List<Row> chunk = new ArrayList<>();
                while (chunk.size() < options.batchSize() * BATCHES_PER_RUN && files.hasNext()) {
                    chunk.add(files.next());
                }
                ready = chunk.isEmpty() ? List.of() : embed(model, pipeline, chunk);
                next = 0;
                if (ready.isEmpty()) {
                    pipeline.close();
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    /**
     * The engine's settings for one task: decoder threads within the cores Spark gave the task
     * ({@code spark.task.cpus}; tasks run side by side on the executor's cores, and the
     * executor's one batcher does the encoding), else the engine's default for the device.
     */
    static ImageEmbeddingPipeline.Options pipelineOptions(boolean cuda, int batchSize, int taskCpus) {
        ImageEmbeddingPipeline.Options defaults = ImageEmbeddingPipeline.Options.forDevice(cuda, batchSize);
        return taskCpus < 1 ? defaults : new ImageEmbeddingPipeline.Options(batchSize,
                Math.min(defaults.decodeThreads(), taskCpus), defaults.batchesAhead());
    }

    private List<Row> embed(ClipModel model, ImageEmbeddingPipeline pipeline, List<Row> chunk) {
        int n = chunk.size();
        String[] paths = new String[n];
        List<Path> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            paths[i] = ImageRows.pathOf(chunk.get(i).getString(chunk.get(i).fieldIndex("path")));
            keys.add(Path.of("row-" + i)); // the engine's key; messages are reworded with the real path below
        }
        String[] errors = new String[n];
        String[] hashes = new String[n];
        float[][] vectors = new float[n][];
        Classification[] labels = new Classification[n];
        pipeline.run(keys, key -> {
            int i = Integer.parseInt(key.toString().substring(4));
            byte[] bytes = (byte[]) chunk.get(i).get(chunk.get(i).fieldIndex("content"));
            Note note = new Note(i, bytes == null ? null : IndexedFile.sha256Of(bytes));
            return bytes == null || bytes.length == 0 ? ImageEmbeddingPipeline.Read.failed(paths[i] + " is empty (0 bytes)", note)
                    : ImageEmbeddingPipeline.Read.embed(bytes, note);
        }, (items, embeddings) -> {
            List<Integer> embedded = new ArrayList<>();
            for (ImageEmbeddingPipeline.Item<Note> item : items) {
                int i = item.note().index();
                hashes[i] = item.note().sha256();
                if (item.embedded()) {
                    vectors[i] = embeddings.row(embedded.size());
                    embedded.add(i);
                } else {
                    errors[i] = item.error() == null ? paths[i] + " was not embedded"
                            : item.error().replace(item.path().toString(), paths[i]);
                }
            }
            if (!embedded.isEmpty() && !options.labels().isEmpty()) {
                List<Classification> top = ExecutorModels.classifier(model, options.labels()).classify(embeddings, options.topK());
                for (int j = 0; j < top.size(); j++) {
                    labels[embedded.get(j)] = top.get(j);
                }
            }
        });
        List<Row> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Row file = chunk.get(i);
            Timestamp modified = file.getTimestamp(file.fieldIndex("modificationTime"));
            List<Object> values = new ArrayList<>();
            values.add(paths[i]);
            values.add(hashes[i]);
            values.add(file.getLong(file.fieldIndex("length")));
            values.add(modified == null ? null : modified.getTime());
            values.add(vectors[i] == null ? null : boxed(vectors[i]));
            if (!options.labels().isEmpty()) {
                values.add(labels[i] == null ? null : labelRows(labels[i]));
            }
            values.add(errors[i]);
            out.add(RowFactory.create(values.toArray()));
        }
        return out;
    }

    /** An array, not a List: Spark's row encoder takes arrays (or Scala Seqs) for array columns. */
    private static Row[] labelRows(Classification c) {
        Row[] top = new Row[c.top().size()];
        for (int i = 0; i < top.length; i++) {
            Prediction p = c.top().get(i);
            top[i] = RowFactory.create(p.label(), (float) p.probability(), (float) p.cosine());
        }
        return top;
    }

    static Float[] boxed(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
