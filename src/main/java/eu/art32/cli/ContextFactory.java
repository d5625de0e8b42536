package eu.art32.cli;

import picocli.CommandLine;

/** Gives each command the invocation's {@link Context} through its constructor. */
final class ContextFactory implements CommandLine.IFactory {
  private final Context context;

  ContextFactory(Context context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    try {
      return type.getDeclaredConstructor(Context.class).newInstance(context);
    } catch (NoSuchMethodException e) {
      return CommandLine.defaultFactory().create(type);
    }
  }
}
