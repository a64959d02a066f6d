package io.clip4j.spark;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.image.DecodeOptions;
import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import io.clip4j.index.IndexedFile;
import io.clip4j.pipeline.HostImage;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import io.clip4j.zeroshot.Classification;
import io.clip4j.zeroshot.Prediction;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One partition of files (Spark's {@code binaryFile} rows: path, modificationTime, length,
 * content) → one output row each, in order: batches go through the core's batch step
 * ({@link ImageEmbeddingPipeline#embed}) on the executor's shared model; a file that cannot be
 * decoded gets a null embedding and its error, and the rest of its batch goes on.
 */
final class EmbedImagePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ClipJobOptions options;

    EmbedImagePartition(ClipJobOptions options) {
        this.options = options;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> files) {
        String device = TaskDevice.current(options.device());
        ClipModel model = ExecutorModels.model(options, device);
        ImageDecoder decoder = new ImageDecoder(DecodeOptions.defaults());
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                List<Row> batch = new ArrayList<>(options.batchSize());
                while (batch.size() < options.batchSize() && files.hasNext()) {
                    batch.add(files.next());
                }
                if (!batch.isEmpty()) {
                    ready.addAll(embed(model, decoder, batch));
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private List<Row> embed(ClipModel model, ImageDecoder decoder, List<Row> batch) {
        int n = batch.size();
        String[] paths = new String[n];
        String[] errors = new String[n];
        String[] hashes = new String[n];
        List<HostImage> decoded = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        boolean pinned = model.options().isCuda();
        try (PointerScope scope = new PointerScope()) {
            for (int i = 0; i < n; i++) {
                Row file = batch.get(i);
                paths[i] = ImageRows.pathOf(file.getString(file.fieldIndex("path")));
                byte[] bytes = (byte[]) file.get(file.fieldIndex("content"));
                hashes[i] = bytes == null ? null : IndexedFile.sha256Of(bytes);
                if (bytes == null || bytes.length == 0) {
                    errors[i] = paths[i] + " is empty (0 bytes)";
                    continue;
                }
                try (Mat mat = decoder.decode(bytes, paths[i])) {
                    decoded.add(HostImage.copyOf(mat, pinned));
                    rows.add(i);
                } catch (ImageDecodeException e) {
                    errors[i] = e.getMessage();
                } catch (RuntimeException e) {
                    errors[i] = paths[i] + " could not be decoded: " + e.getClass().getSimpleName();
                }
            }
            float[][] vectors = new float[n][];
            List<Classification> labels = new ArrayList<>();
            if (!decoded.isEmpty()) {
                try (Embeddings embeddings = ImageEmbeddingPipeline.embed(model, decoded)) {
                    float[][] all = embeddings.toArray();
                    for (int j = 0; j < all.length; j++) {
                        vectors[rows.get(j)] = all[j];
                    }
                    if (!options.labels().isEmpty()) {
                        labels = ExecutorModels.classifier(model, options.labels()).classify(embeddings, options.topK());
                    }
                } finally {
                    decoded.forEach(HostImage::close);
                }
            }
            Classification[] byRow = new Classification[n];
            for (int j = 0; j < labels.size(); j++) {
                byRow[rows.get(j)] = labels.get(j);
            }
            List<Row> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Row file = batch.get(i);
                Timestamp modified = file.getTimestamp(file.fieldIndex("modificationTime"));
                List<Object> values = new ArrayList<>();
                values.add(paths[i]);
                values.add(hashes[i]);
                values.add(file.getLong(file.fieldIndex("length")));
                values.add(modified == null ? null : modified.getTime());
                values.add(vectors[i] == null ? null : boxed(vectors[i]));
                if (!options.labels().isEmpty()) {
                    values.add(byRow[i] == null ? null : labelRows(byRow[i]));
                }
                values.add(errors[i]);
                out.add(RowFactory.create(values.toArray()));
            }
            return out;
        }
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
