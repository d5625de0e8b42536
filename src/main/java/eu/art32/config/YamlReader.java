package eu.art32.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.art32.Art32Exception;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML into {@link YamlNode}s that keep their line and column. Duplicate keys are problems; a
 * syntax error is a problem at the place the parser stopped.
 */
public final class YamlReader {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private final String fileName;
  private final List<Problem> problems;

  private YamlReader(String fileName, List<Problem> problems) {
    this.fileName = fileName;
    this.problems = problems;
  }

  /** Parses text; returns null (with a problem added) when the text is not YAML. */
  public static YamlNode read(String fileName, String text, List<Problem> problems) {
    YamlReader reader = new YamlReader(fileName, problems);
    try (Reader in = new StringReader(text);
        JsonParser parser = FACTORY.createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new YamlNode.Mapping(Map.of(), new Location(fileName, 1, 1));
      }
      return reader.value(parser);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
        // "while parsing a flow sequence" alone says nothing: context, then the problem and its
        // place
        var mark =
            marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
        problems.add(
            new Problem(
                mark == null
                    ? new Location(fileName, 1, 1)
                    : new Location(fileName, mark.getLine() + 1, mark.getColumn() + 1),
                "not valid YAML: "
                    + (marked.getContext() == null ? "" : marked.getContext() + ": ")
                    + Art32Exception.firstLine(marked.getProblem())));
        return null;
      }
      JsonLocation at = e.getLocation();
      Location location =
          at == null
              ? new Location(fileName, 1, 1)
              : new Location(fileName, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
      problems.add(
          new Problem(
              location,
              "not valid YAML: "
                  + (e.getOriginalMessage() == null
                      ? "syntax error"
                      : Art32Exception.firstLine(e.getOriginalMessage()))));
      return null;
    } catch (IOException e) {
      problems.add(new Problem(new Location(fileName, 1, 1), "cannot read: " + e.getMessage()));
      return null;
    }
  }

  private YamlNode value(JsonParser parser) throws IOException {
    Location here = location(parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> mapping(parser, here);
      case START_ARRAY -> sequence(parser, here);
      case VALUE_NULL -> new YamlNode.Scalar(null, true, here);
      default -> new YamlNode.Scalar(parser.getText(), false, here);
    };
  }

  private YamlNode mapping(JsonParser parser, Location here) throws IOException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Location keyLocation = location(parser.currentTokenLocation());
      parser.nextToken();
      YamlNode value = value(parser);
      YamlNode.Entry earlier = entries.get(key);
      if (earlier != null) {
        problems.add(
            new Problem(
                keyLocation,
                "duplicate key '"
                    + key
                    + "' (first at line "
                    + earlier.keyLocation().line()
                    + ")"));
        continue;
      }
      entries.put(key, new YamlNode.Entry(key, keyLocation, value));
    }
    return new YamlNode.Mapping(entries, here);
  }

  private YamlNode sequence(JsonParser parser, Location here) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(value(parser));
    }
    return new YamlNode.Sequence(items, here);
  }

  private Location location(JsonLocation at) {
    return new Location(fileName, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
  }
}
