package eu.art32.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * summary.md: the run in a few lines for a pull-request comment or a CI job summary: verdict,
 * objectives per pair, what failed or needs a look, and what was not assessed.
 */
final class MarkdownSummary {
  private MarkdownSummary() {}

  /**
   * With {@code messages} (the report's language), each pair's achieved RTO and RPO beside their
   * objectives; with {@code reportDir}, where the report is.
   */
  static String render(
      JsonNode run, Gate gate, Map<String, String> msg, Messages messages, Path reportDir) {
    StringBuilder md = new StringBuilder();
    md.append("## ")
        .append(msg.get("md.title"))
        .append(": ")
        .append(icon(run.path("verdict").asText()))
        .append(' ')
        .append(word(msg, "status.", run.path("verdict").asText()))
        .append("\n\n");
    md.append(msg.get("md.run"))
        .append(" `")
        .append(run.path("runId").asText())
        .append("`, ")
        .append(run.path("tool").asText())
        .append(' ')
        .append(run.path("toolVersion").asText())
        .append(", ")
        .append(msg.get("md.rules"))
        .append(' ')
        .append(run.path("rulesVersion").asText())
        .append(", ")
        .append(word(msg, "completeness.", run.path("completeness").asText()))
        .append(".\n\n");
    md.append("| ").append(msg.get("md.objective"));
    for (JsonNode pair : run.path("pairs")) {
      md.append(" | ").append(escape(pair.path("name").asText()));
    }
    md.append(" |\n|---");
    run.path("pairs").forEach(p -> md.append("|---"));
    md.append("|\n");
    for (JsonNode area : run.path("areas")) {
      md.append("| ")
          .append(
              escape(
                  msg.getOrDefault(
                      "area." + area.path("id").asText(), area.path("title").asText())));
      for (JsonNode pair : run.path("pairs")) {
        for (JsonNode a : pair.path("areas")) {
          if (a.path("id").asText().equals(area.path("id").asText())) {
            md.append(" | ")
                .append(icon(a.path("status").asText()))
                .append(' ')
                .append(word(msg, "status.", a.path("status").asText()));
          }
        }
      }
      md.append(" |\n");
    }
    if (messages != null) {
      md.append("\n### ").append(msg.get("md.figures")).append("\n\n");
      for (JsonNode pair : run.path("pairs")) {
        JsonNode drill = pair.path("drill");
        JsonNode o = pair.path("objectives");
        md.append("- **").append(escape(pair.path("name").asText())).append("**: ");
        if (!drill.isObject()) {
          md.append(escape(msg.get("key.nodrill")));
        } else {
          JsonNode rto = drill.path("rto");
          JsonNode rpo = drill.path("rpo");
          md.append(
              rto.path("ms").isNumber()
                  ? escape(
                      messages.text(
                          "md.rto", rto.path("ms").numberValue(), o.path("rtoMs").numberValue()))
                  : "RTO " + escape(msg.get("drill.notmeasured")));
          md.append("; ");
          md.append(
              rpo.path("acknowledged").isNumber()
                  ? escape(
                      messages.text(
                          "md.rpo",
                          rpo.path("lost").numberValue(),
                          rpo.path("acknowledged").numberValue(),
                          rpo.path("lossWindowMs").numberValue(),
                          o.path("rpoMs").numberValue()))
                  : "RPO " + escape(msg.get("drill.notmeasured")));
        }
        md.append('\n');
      }
    }
    if (reportDir != null) {
      md.append('\n')
          .append(
              escape(
                  messages == null
                      ? reportDir.toString()
                      : messages.text(
                          "md.report",
                          reportDir.resolve("report.html").toString(),
                          reportDir.resolve("report.pdf").toString())))
          .append('\n');
    }
    StringBuilder attention = new StringBuilder();
    int notAssessed = 0;
    for (JsonNode pair : run.path("pairs")) {
      for (JsonNode f : pair.path("findings")) {
        String status = f.path("status").asText();
        if (status.equals("FAIL") || status.equals("WARN")) {
          attention
              .append("- ")
              .append(icon(status))
              .append(" **")
              .append(escape(pair.path("name").asText()))
              .append("** `")
              .append(f.path("id").asText())
              .append("` ")
              .append(
                  escape(
                      msg.getOrDefault(
                          "finding." + f.path("id").asText(), f.path("title").asText())))
              .append(": ")
              .append(escape(f.path("observed").asText()))
              .append(" (")
              .append(msg.get("md.expected"))
              .append(": ")
              .append(escape(f.path("expected").asText()))
              .append(")")
              .append(
                  status.equals("FAIL") && !gate.fails(f) ? " - " + msg.get("md.belowGate") : "")
              .append('\n');
        }
        notAssessed += status.equals("NOT_ASSESSED") ? 1 : 0;
      }
    }
    if (!attention.isEmpty()) {
      md.append('\n')
          .append("### ")
          .append(msg.get("md.attention"))
          .append("\n\n")
          .append(attention);
    }
    md.append('\n').append(notAssessed).append(' ').append(msg.get("md.notAssessed")).append('\n');
    return md.toString();
  }

  /** The report language's word for a status or completeness code (the code when it has none). */
  private static String word(Map<String, String> msg, String prefix, String code) {
    return msg.getOrDefault(prefix + code, code);
  }

  private static String icon(String status) {
    return switch (status) {
      case "PASS" -> "✅";
      case "FAIL" -> "❌";
      case "WARN" -> "⚠️";
      case "WAIVED" -> "🔵";
      default -> "⚪";
    };
  }

  /** Markdown that cannot inject: table pipes, markup and link brackets escaped. */
  static String escape(String text) {
    return text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("`", "\\`")
        .replace("\n", " ");
  }
}
