package eu.art32.drill;

import eu.art32.config.Secret;
import java.util.ArrayList;
import java.util.List;

/** Replaces every known secret in text that leaves the process (step output, messages). */
final class Redactor {
  private final List<String> secrets = new ArrayList<>();

  Redactor add(Secret secret) {
    if (secret != null && secret.reveal().length() >= 4) {
      secrets.add(secret.reveal());
    }
    return this;
  }

  String clean(String text) {
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
