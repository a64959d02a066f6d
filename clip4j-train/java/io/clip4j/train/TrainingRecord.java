package io.clip4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The record a run leaves next to its checkpoint: {@code training.json} (the command, seed,
 * duration, every epoch's report) and {@code loss.png} (training loss per update, validation
 * loss per epoch).
 */
public final class TrainingRecord implements TrainingListener {
    private final List<Double> stepLosses = new ArrayList<>();
    private final List<Long> steps = new ArrayList<>();
    private final List<EpochReport> epochs = new ArrayList<>();
    private final TrainingListener next;

    /** Records, and passes every event on to {@code next}. */
    public TrainingRecord(TrainingListener next) {
        this.next = next;
    }

    @Override
    public void onStep(long step, long totalSteps, double loss, double learningRate, double imagesPerSecond) {
        steps.add(step);
        stepLosses.add(loss);
        next.onStep(step, totalSteps, loss, learningRate, imagesPerSecond);
    }

    @Override
    public void onEpoch(EpochReport report) {
        epochs.add(report);
        next.onEpoch(report);
    }

    /** The epochs seen so far. */
    public List<EpochReport> epochs() {
        return epochs;
    }

    /** Writes {@code training.json} (with {@code extra} fields such as the command) and {@code loss.png} into {@code dir}. */
    public void write(Path dir, Map<String, Object> extra) {
        Map<String, Object> json = new LinkedHashMap<>(extra);
        json.put("epochs", epochs);
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("training.json").toFile(), json);
            if (!steps.isEmpty()) {
                XYChart chart = new XYChartBuilder().width(700).height(420).title("training loss")
                        .xAxisTitle("update").yAxisTitle("contrastive loss").build();
                chart.getStyler().setMarkerSize(4);
                chart.addSeries("running mean of the epoch (train)", steps, stepLosses);
                List<Long> epochSteps = epochs.stream().filter(e -> e.validation() != null).map(EpochReport::step).toList();
                List<Double> valLosses = epochs.stream().filter(e -> e.validation() != null)
                        .map(e -> e.validation().loss()).toList();
                if (!epochSteps.isEmpty()) {
                    chart.addSeries("validation", epochSteps, valLosses);
                }
                BitmapEncoder.saveBitmap(chart, dir.resolve("loss.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training record into " + dir + ": " + e.getMessage(), e);
        }
    }
}
