package eu.art32.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Histogram geometry for each latency series of a pair (an inline SVG per series): samples in
 * equal-width bins from the smallest to the largest, bar heights scaled to the fullest bin, each
 * non-empty bin labelled with its count, a millisecond axis, and the pair's latency objective as a
 * line where it falls inside the axis (else said beside it). A series another pair of the run
 * measured (same node) is drawn only in that pair's section. Numbers a reader sees stay numbers, so
 * the template formats them in the report's language; coordinates are plain doubles.
 */
final class LatencyChart {
  static final int WIDTH = 320;
  static final int HEIGHT = 120;
  static final int BINS = 20;

  private LatencyChart() {}

  @SuppressWarnings("unchecked")
  static void addTo(Map<String, Object> model) {
    for (Object p : (List<Object>) model.getOrDefault("pairs", List.of())) {
      Map<String, Object> pair = (Map<String, Object>) p;
      if (!(pair.get("latency") instanceof Map<?, ?> latency)) {
        continue;
      }
      Double objective =
          pair.get("objectives") instanceof Map<?, ?> o && o.get("latencyMs") instanceof Number n
              ? n.doubleValue()
              : null;
      List<Map<String, Object>> charts = new ArrayList<>();
      for (Object s : (List<Object>) latency.get("series")) {
        Map<String, Object> series = (Map<String, Object>) s;
        List<Object> samples = (List<Object>) series.get("samplesMs");
        // a series shared with the pair that measured it is drawn once, in that pair's section
        if (samples != null && !samples.isEmpty() && series.get("measuredFor") == null) {
          Map<String, Object> chart =
              histogram(
                  series.get("name") + " (" + series.get("level") + ")",
                  samples,
                  // the objective is the DR node's round trip; the primary's has none
                  String.valueOf(series.get("name")).endsWith("-> DR") ? objective : null);
          // the report names it in its own language from these
          chart.put("name", series.get("name"));
          chart.put("level", series.get("level"));
          charts.add(chart);
        }
      }
      pair.put("latencyCharts", charts);
    }
  }

  static Map<String, Object> histogram(String title, List<Object> samples, Double objectiveMs) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (Object o : samples) {
      double v = ((Number) o).doubleValue();
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double width = Math.max((max - min) / BINS, 1e-6);
    int[] counts = new int[BINS];
    for (Object o : samples) {
      int bin = (int) Math.min(BINS - 1, Math.floor((((Number) o).doubleValue() - min) / width));
      counts[bin]++;
    }
    int fullest = 1;
    for (int c : counts) {
      fullest = Math.max(fullest, c);
    }
    int top = 22;
    int plot = HEIGHT - top - 40;
    double barWidth = (WIDTH - 20.0) / BINS;
    List<Map<String, Object>> bars = new ArrayList<>();
    for (int i = 0; i < BINS; i++) {
      double h = counts[i] * (double) plot / fullest;
      Map<String, Object> bar = new LinkedHashMap<>();
      bar.put("x", Math.round((10 + i * barWidth) * 10) / 10.0);
      bar.put("y", Math.round((top + plot - h) * 10) / 10.0);
      bar.put("countX", Math.round((10 + i * barWidth + (barWidth - 1) / 2) * 10) / 10.0);
      bar.put("countY", Math.round((top + plot - h - 2) * 10) / 10.0);
      bar.put("width", Math.round((barWidth - 1) * 10) / 10.0);
      bar.put("height", Math.round(h * 10) / 10.0);
      bar.put("count", counts[i]);
      bars.add(bar);
    }
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("title", title);
    chart.put("width", WIDTH);
    chart.put("height", HEIGHT);
    chart.put("baseY", top + plot);
    chart.put("axisY", top + plot + 11);
    chart.put("axisEnd", WIDTH - 10);
    chart.put("min", round3(min));
    chart.put("max", round3(max));
    chart.put("samples", samples.size());
    chart.put("fullest", fullest);
    chart.put("bars", bars);
    if (objectiveMs != null) {
      chart.put("objectiveMs", objectiveMs);
      if (objectiveMs >= min && objectiveMs <= max) {
        double x = 10 + (objectiveMs - min) / (max - min + 1e-9) * (WIDTH - 20.0);
        chart.put("objectiveX", Math.round(x * 10) / 10.0);
      } else {
        chart.put("objectiveSide", objectiveMs > max ? "above" : "below");
      }
    }
    return chart;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
