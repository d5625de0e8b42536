package eu.art32.report;

import eu.art32.integrity.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bar pairs (RTO, loss window) per run, each scaled to its own maximum, for the history chart. */
final class TrendChart {
  static final int WIDTH = 680;
  static final int HEIGHT = 120;

  private TrendChart() {}

  static Map<String, Object> of(List<History.Point> points) {
    double rtoMax = 1;
    double rpoMax = 1;
    for (History.Point p : points) {
      rtoMax = Math.max(rtoMax, p.rtoMs() == null ? 0 : p.rtoMs());
      rpoMax = Math.max(rpoMax, p.lossWindowMs() == null ? 0 : p.lossWindowMs());
    }
    int plot = HEIGHT - 40;
    double slot = (WIDTH - 20.0) / Math.max(1, points.size());
    double width = Math.max(2, Math.min(20, slot / 2 - 2));
    List<Map<String, Object>> bars = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      History.Point p = points.get(i);
      double rto = p.rtoMs() == null ? 0 : p.rtoMs() * plot / rtoMax;
      double rpo = p.lossWindowMs() == null ? 0 : p.lossWindowMs() * plot / rpoMax;
      Map<String, Object> bar = new LinkedHashMap<>();
      bar.put("x", round(10 + i * slot + slot / 2 - width));
      bar.put("width", round(width));
      bar.put("rtoY", round(24 + plot - rto));
      bar.put("rtoHeight", round(rto));
      bar.put("rpoY", round(24 + plot - rpo));
      bar.put("rpoHeight", round(rpo));
      bar.put("label", p.runId().length() >= 8 ? p.runId().substring(4, 8) : p.runId());
      bars.add(bar);
    }
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("width", WIDTH);
    chart.put("height", HEIGHT);
    chart.put("axisY", 24 + plot + 11);
    chart.put("rtoMax", round(rtoMax));
    chart.put("rpoMax", round(rpoMax));
    chart.put("points", bars);
    return chart;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
