package eu.art32;

import eu.art32.config.Secret;
import java.util.ArrayList;
import java.util.List;

/** Replaces every known secret in text that leaves the process (step output, messages). */
public final class Redactor {
  private final List<String> secrets = new ArrayList<>();

  public Redactor add(Secret secret) {
    if (secret != null && secret.reveal().length() >= 4) {
      secrets.add(secret.reveal());
    }
    return this;
  }

  public String clean(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, "******");
    }
    return result;
  }
}
