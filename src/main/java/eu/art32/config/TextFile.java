package eu.art32.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a text file art32 is given (config, waivers, rules, option file) with a bound: a directory,
 * a device or a pipe (such as /dev/zero), a file over {@link #MAX_BYTES} or one that is not UTF-8
 * is refused with a {@code file:1:1} problem (exit 2), before anything runs.
 */
public final class TextFile {
  /** No config, waiver, rules or option file of art32's comes near this. */
  public static final int MAX_BYTES = 4 << 20;

  private TextFile() {}

  /** The file's text; {@code what} names it in the message ("config file", "waivers file"). */
  public static String read(Path file, String what) {
    try {
      if (Files.isDirectory(file)) {
        throw problem(file, what + " is a directory, not a file");
      }
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw problem(file, what + " is not a regular file (a device or a pipe)");
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        throw problem(file, what + " is larger than " + (MAX_BYTES >> 20) + " MiB");
      }
      return decode(file, what, bytes);
    } catch (NoSuchFileException e) {
      throw problem(file, what + " not found");
    } catch (IOException e) {
      throw problem(file, "cannot read: " + e.getMessage());
    }
  }

  private static String decode(Path file, String what, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      int line = 1;
      int column = 1;
      int bad = firstInvalid(bytes);
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
          column = 1;
        } else if ((bytes[i] & 0xC0) != 0x80) {
          column++;
        }
      }
      return throwAt(file, line, column, what + " is not UTF-8 text (byte " + bad + ")");
    }
  }

  /** The offset of the first byte that does not decode as UTF-8. */
  private static int firstInvalid(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    var out = CharBuffer.allocate(bytes.length + 1);
    var result = decoder.decode(in, out, true);
    return result.isError() ? in.position() : bytes.length;
  }

  private static String throwAt(Path file, int line, int column, String message) {
    throw new ConfigException(
        List.of(new Problem(new Location(file.toString(), line, column), message)));
  }

  private static ConfigException problem(Path file, String message) {
    return new ConfigException(List.of(new Problem(new Location(file.toString(), 1, 1), message)));
  }
}
