package eu.art32.report;

import eu.art32.integrity.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bar pairs (RTO, loss window) per run, each scaled to its own maximum, for the history chart: each
 * pair of bars labelled with the run's date, a base line, and each objective as a line where it
 * falls inside its scale (else said in the legend).
 */
final class TrendChart {
  static final int WIDTH = 650;
  static final int HEIGHT = 120;

  private TrendChart() {}

  static Map<String, Object> of(
      List<History.Point> points, Double rtoObjective, Double rpoObjective) {
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
      bar.put("label", date(p, slot));
      bars.add(bar);
    }
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("width", WIDTH);
    chart.put("height", HEIGHT);
    chart.put("axisY", 24 + plot + 11);
    chart.put("rtoMax", round(rtoMax));
    chart.put("rpoMax", round(rpoMax));
    chart.put("points", bars);
    chart.put("baseY", 24 + plot);
    chart.put("runs", points.size());
    chart.put("first", date(points.get(0), WIDTH));
    chart.put("last", date(points.get(points.size() - 1), WIDTH));
    objective(chart, "rto", rtoObjective, rtoMax, plot);
    objective(chart, "rpo", rpoObjective, rpoMax, plot);
    return chart;
  }

  /** The objective's line on its bars' scale, or only its value when it is off the scale. */
  private static void objective(
      Map<String, Object> chart, String name, Double objective, double max, int plot) {
    if (objective == null) {
      return;
    }
    chart.put(name + "Objective", objective);
    if (objective <= max) {
      chart.put(name + "ObjectiveY", round(24 + plot - objective * plot / max));
    }
  }

  /**
   * The run's date (ISO, the same in every language) from its start time, the month and day only
   * when a bar pair has less than 50 points of room; the run id's date when the start is unknown.
   */
  static String date(History.Point p, double room) {
    String at = p.startedAt();
    String day =
        at != null && at.length() >= 10
            ? at.substring(0, 10)
            : p.runId().length() >= 8
                ? p.runId().substring(0, 4)
                    + "-"
                    + p.runId().substring(4, 6)
                    + "-"
                    + p.runId().substring(6, 8)
                : p.runId();
    return room < 50 && day.length() == 10 ? day.substring(5) : day;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
