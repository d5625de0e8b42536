package eu.art32.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The geometry of a drill's timeline chart (an inline SVG): one bar per recovery phase on a
 * millisecond axis from the fault, plus markers for the last acknowledged commit and the first
 * write, and the RTO objective as a line where it falls on the axis (else said under it). Computed
 * here so the template only draws what it is given; the numbers a reader sees stay numbers, for the
 * template to format in the report's language.
 */
final class DrillChart {
  static final int WIDTH = 650;
  static final int LABEL = 200;
  static final int ROW = 18;
  static final int TOP = 22;

  private DrillChart() {}

  /** Adds {@code timelineChart} to every pair of the model that has a drill with phases. */
  @SuppressWarnings("unchecked")
  static void addTo(Map<String, Object> model) {
    for (Object p : (List<Object>) model.getOrDefault("pairs", List.of())) {
      Map<String, Object> pair = (Map<String, Object>) p;
      if (pair.get("drill") instanceof Map<?, ?> drill
          && drill.get("rto") instanceof Map<?, ?> rto
          && rto.get("phases") instanceof List<?> phases
          && !phases.isEmpty()) {
        pair.put(
            "timelineChart",
            chart(
                (List<Object>) phases,
                number(rto.get("ms")),
                (List<Object>) drill.get("timeline"),
                pair.get("objectives") instanceof Map<?, ?> o ? number(o.get("rtoMs")) : null));
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> chart(
      List<Object> phases, Double rtoMs, List<Object> timeline, Double objectiveMs) {
    double end = rtoMs == null ? 0 : rtoMs;
    for (Object o : phases) {
      Map<String, Object> phase = (Map<String, Object>) o;
      end = Math.max(end, number(phase.get("startMs")) + number(phase.get("durationMs")));
    }
    double step = niceStep(end / 5);
    double axisEnd = Math.max(step, Math.ceil(end / step) * step);
    double scale = (WIDTH - LABEL - 40) / axisEnd;
    List<Map<String, Object>> bars = new ArrayList<>();
    int y = TOP;
    for (Object o : phases) {
      Map<String, Object> phase = (Map<String, Object>) o;
      double start = number(phase.get("startMs"));
      double duration = number(phase.get("durationMs"));
      bars.add(
          map(
              "label", phase.get("name"),
              "x", round(LABEL + start * scale),
              "y", y,
              "width", round(Math.max(1.5, duration * scale)),
              "ms", shown(duration),
              "textX", round(Math.min(WIDTH - 60, LABEL + (start + duration) * scale + 3))));
      y += ROW;
    }
    List<Map<String, Object>> ticks = new ArrayList<>();
    for (double t = 0; t <= axisEnd + step / 2; t += step) {
      ticks.add(map("x", round(LABEL + t * scale), "ms", shown(t)));
    }
    List<Map<String, Object>> markers = new ArrayList<>();
    for (Object o : timeline == null ? List.of() : timeline) {
      Map<String, Object> event = (Map<String, Object>) o;
      String name = String.valueOf(event.get("name"));
      Double ms = number(event.get("ms"));
      if (ms == null || ms < 0 || ms > axisEnd) {
        continue;
      }
      String label =
          switch (name) {
            case "fault injected" -> "fault";
            case "last commit acknowledged by the primary" -> "last ack";
            case "first canary commit on the promoted node" -> "first write";
            case "first commit through the endpoint" -> "endpoint";
            default -> null;
          };
      if (label != null) {
        markers.add(map("x", round(LABEL + ms * scale), "label", label, "anchor", "middle"));
      }
    }
    // two markers close together: the earlier one's label to its left, the later one's to its right
    markers.sort(Comparator.comparingDouble(mk -> (Double) mk.get("x")));
    for (int i = 1; i < markers.size(); i++) {
      if ((Double) markers.get(i).get("x") - (Double) markers.get(i - 1).get("x") < 60) {
        markers.get(i - 1).put("anchor", "end");
        markers.get(i).put("anchor", "start");
      }
    }
    Map<String, Object> chart =
        map(
            "width",
            WIDTH,
            "height",
            y + 34,
            "axisY",
            y + 6,
            "labelX",
            LABEL - 6,
            "barHeight",
            ROW - 6,
            "bars",
            bars,
            "ticks",
            ticks,
            "markers",
            markers);
    chart.put("rtoMs", rtoMs);
    if (objectiveMs != null) {
      chart.put("objectiveMs", objectiveMs);
      if (objectiveMs <= axisEnd) {
        chart.put("objectiveX", round(LABEL + objectiveMs * scale));
      }
    }
    return chart;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (raw <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }

  private static Double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** A figure as the chart shows it: whole milliseconds from 100, else to a tenth. */
  private static double shown(double ms) {
    return ms >= 100 ? Math.round(ms) : round(ms);
  }

  private static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
