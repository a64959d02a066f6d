package io.clip4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * Writes a benchmark's results into a folder: {@code results.json}, {@code results.md} (a
 * Markdown table) and {@code throughput.png} (items/s against batch size, one line per
 * architecture and precision).
 */
public final class BenchReport {
    private BenchReport() {
    }

    /** Writes the three files into {@code dir} (created if needed). */
    public static void write(Path dir, List<EncoderBenchmark.Result> results) {
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), results);
            Files.writeString(dir.resolve("results.md"), markdown(results));
            try {
                BitmapEncoder.saveBitmap(chart(results), dir.resolve("throughput.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            } catch (LinkageError noDesktop) {
                // a trimmed JRE without java.desktop (the GPU bundle): the chart can be drawn later with --report-from
                System.err.println("bench: no chart (this Java has no java.desktop module); results.json can be re-plotted");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark report to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads results written by {@link #write} (to draw the chart elsewhere). */
    public static List<EncoderBenchmark.Result> read(Path resultsJson) {
        try {
            return List.of(new ObjectMapper().readValue(resultsJson.toFile(), EncoderBenchmark.Result[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read benchmark results " + resultsJson + ": " + e.getMessage(), e);
        }
    }

    /** The results as a Markdown table. */
    static String markdown(List<EncoderBenchmark.Result> results) {
        StringBuilder md = new StringBuilder("| arch | device | dtype | mode | streams | batch | items/s | p50 ms | p99 ms | "
                + "GFLOP/s | GEMM GFLOP/s | share of GEMM | peak device MB |\n"
                + "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (EncoderBenchmark.Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %d | %.1f | %.2f | %.2f | %.0f | %.0f | %.0f%% | %s |%n",
                    r.arch(), r.device(), r.dtype(), r.mode(), r.streams(), r.batch(), r.itemsPerSecond(), r.latencyP50Ms(),
                    r.latencyP99Ms(), r.achievedGflops(), r.gemmGflops(), 100 * r.shareOfGemm(),
                    Double.isNaN(r.peakDeviceMemoryMb()) ? "–" : String.format(Locale.ROOT, "%.0f", r.peakDeviceMemoryMb())));
        }
        return md.toString();
    }

    private static XYChart chart(List<EncoderBenchmark.Result> results) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("clip4j encoder throughput")
                .xAxisTitle("batch size").yAxisTitle("items/s").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(6);
        Map<String, List<EncoderBenchmark.Result>> series = new LinkedHashMap<>();
        for (EncoderBenchmark.Result r : results) {
            series.computeIfAbsent(r.arch() + " " + r.dtype() + " " + r.mode()
                    + (r.streams() > 1 ? " x" + r.streams() + " streams" : "") + " " + r.device(), k -> new java.util.ArrayList<>()).add(r);
        }
        series.forEach((name, rows) -> {
            double[] x = rows.stream().mapToDouble(EncoderBenchmark.Result::batch).toArray();
            double[] y = rows.stream().mapToDouble(EncoderBenchmark.Result::itemsPerSecond).toArray();
            chart.addSeries(name, x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        });
        return chart;
    }
}
