package io.clip4j.spark;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.bytedeco.javacpp.PointerScope;

/** One partition of rows → the same rows with {@code embedding} and {@code error} appended. */
final class EmbedTextPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ClipJobOptions options;
    private final String column;

    EmbedTextPartition(ClipJobOptions options, String column) {
        this.options = options;
        this.column = column;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ClipModel model = ExecutorModels.model(options, TaskDevice.current(options.device()));
        List<Row> out = new ArrayList<>();
        List<Row> batch = new ArrayList<>(options.batchSize());
        while (rows.hasNext()) {
            batch.add(rows.next());
            if (batch.size() == options.batchSize() || !rows.hasNext()) {
                out.addAll(embed(model, batch));
                batch.clear();
            }
        }
        return out.iterator();
    }

    private List<Row> embed(ClipModel model, List<Row> batch) {
        List<String> texts = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            String text = batch.get(i).getString(batch.get(i).fieldIndex(column));
            if (text != null && !text.isBlank()) {
                texts.add(text);
                at.add(i);
            }
        }
        float[][] vectors = new float[batch.size()][];
        if (!texts.isEmpty()) {
            try (PointerScope scope = new PointerScope(); Embeddings e = model.embedTexts(texts)) {
                float[][] all = e.toArray();
                for (int j = 0; j < all.length; j++) {
                    vectors[at.get(j)] = all[j];
                }
            }
        }
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Row row = batch.get(i);
            Object[] values = new Object[row.length() + 2];
            for (int c = 0; c < row.length(); c++) {
                values[c] = row.get(c);
            }
            values[row.length()] = vectors[i] == null ? null : EmbedImagePartition.boxed(vectors[i]);
            values[row.length() + 1] = vectors[i] == null ? "'" + column + "' is empty" : null;
            out.add(RowFactory.create(values));
        }
        return out;
    }
}
