package eu.art32.residency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small MaxMind DB (format 2.0) file: an IPv6 search tree (IPv4 networks at ::/96) with
 * 24-bit records and a data section of maps, strings, numbers and arrays. Enough for the
 * country_code layout the sandbox demo and the tests build; real databases come from MaxMind or the
 * publishers of country_code data.
 */
public final class MmdbWriter {
  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };

  private static final class Node {
    Node[] children = new Node[2];
    Integer data;
  }

  private final String databaseType;
  private final String description;
  private final long buildEpoch;
  private final Node root = new Node();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  public MmdbWriter(String databaseType, String description, long buildEpochSeconds) {
    this.databaseType = databaseType;
    this.description = description;
    this.buildEpoch = buildEpochSeconds;
  }

  /** Maps a network, e.g. {@code 89.160.20.112/28} or {@code 2a02:cf40::/29}, to a record. */
  public MmdbWriter insert(String cidr, Map<String, ?> record) {
    String[] parts = cidr.split("/");
    byte[] address;
    try {
      address = InetAddress.getByName(parts[0]).getAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a network: " + cidr, e);
    }
    int prefix = Integer.parseInt(parts[1]);
    byte[] bits = new byte[16];
    if (address.length == 4) {
      System.arraycopy(address, 0, bits, 12, 4);
      prefix += 96;
    } else {
      bits = address;
    }
    int offset = data.size();
    encode(record, data);
    Node node = root;
    for (int i = 0; i < prefix; i++) {
      int bit = (bits[i / 8] >> (7 - i % 8)) & 1;
      if (node.children[bit] == null) {
        node.children[bit] = new Node();
      }
      node = node.children[bit];
    }
    node.data = offset;
    node.children = new Node[2];
    return this;
  }

  public void write(Path file) throws IOException {
    List<Node> nodes = new ArrayList<>();
    number(root, nodes);
    int count = nodes.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node node : nodes) {
      for (Node child : node.children) {
        long record;
        if (child == null) {
          record = count;
        } else if (child.data != null) {
          record = count + 16L + child.data;
        } else {
          record = nodes.indexOf(child);
        }
        out.write((int) (record >> 16) & 0xFF);
        out.write((int) (record >> 8) & 0xFF);
        out.write((int) record & 0xFF);
      }
    }
    out.write(new byte[16]);
    data.writeTo(out);
    out.write(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("binary_format_major_version", new Uint16(2));
    metadata.put("binary_format_minor_version", new Uint16(0));
    metadata.put("build_epoch", new Uint64(buildEpoch));
    metadata.put("database_type", databaseType);
    metadata.put("description", Map.of("en", description));
    metadata.put("ip_version", new Uint16(6));
    metadata.put("languages", List.of("en"));
    metadata.put("node_count", new Uint32(count));
    metadata.put("record_size", new Uint16(24));
    encode(metadata, out);
    Files.write(file, out.toByteArray());
  }

  /** Nodes that are not data leaves, in the order they are written (root first). */
  private static void number(Node node, List<Node> nodes) {
    List<Node> queue = new ArrayList<>(List.of(node));
    for (int i = 0; i < queue.size(); i++) {
      Node n = queue.get(i);
      nodes.add(n);
      for (Node child : n.children) {
        if (child != null && child.data == null) {
          queue.add(child);
        }
      }
    }
  }

  record Uint16(int value) {}

  record Uint32(long value) {}

  record Uint64(long value) {}

  private static void encode(Object value, ByteArrayOutputStream out) {
    switch (value) {
      case String s -> {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        control(2, bytes.length, out);
        out.writeBytes(bytes);
      }
      case Double d -> {
        control(3, 8, out);
        long bits = Double.doubleToLongBits(d);
        for (int i = 7; i >= 0; i--) {
          out.write((int) (bits >> (8 * i)) & 0xFF);
        }
      }
      case Uint16 u -> unsigned(5, u.value(), out);
      case Uint32 u -> unsigned(6, u.value(), out);
      case Integer i -> unsigned(6, i, out);
      case Long l -> unsigned(9, l, out);
      case Uint64 u -> unsigned(9, u.value(), out);
      case Boolean b -> control(14, b ? 1 : 0, out);
      case Map<?, ?> map -> {
        control(7, map.size(), out);
        map.forEach(
            (k, v) -> {
              encode(k.toString(), out);
              encode(v, out);
            });
      }
      case List<?> list -> {
        control(11, list.size(), out);
        list.forEach(v -> encode(v, out));
      }
      default -> throw new IllegalArgumentException("cannot encode " + value.getClass());
    }
  }

  private static void unsigned(int type, long value, ByteArrayOutputStream out) {
    int size = 0;
    for (long v = value; v != 0; v >>>= 8) {
      size++;
    }
    control(type, size, out);
    for (int i = size - 1; i >= 0; i--) {
      out.write((int) (value >> (8 * i)) & 0xFF);
    }
  }

  private static void control(int type, int size, ByteArrayOutputStream out) {
    int first = (type <= 7 ? type : 0) << 5;
    byte[] extra;
    if (size < 29) {
      first |= size;
      extra = new byte[0];
    } else if (size < 285) {
      first |= 29;
      extra = new byte[] {(byte) (size - 29)};
    } else if (size < 65_821) {
      first |= 30;
      int s = size - 285;
      extra = new byte[] {(byte) (s >> 8), (byte) s};
    } else {
      first |= 31;
      int s = size - 65_821;
      extra = new byte[] {(byte) (s >> 16), (byte) (s >> 8), (byte) s};
    }
    out.write(first);
    if (type > 7) {
      out.write(type - 7);
    }
    out.writeBytes(extra);
  }
}
