package eu.art32.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The streams and environment one CLI invocation works with; {@code tty} when standard output is a
 * terminal a person watches.
 */
public record Context(PrintWriter out, PrintWriter err, Map<String, String> env, boolean tty) {}
