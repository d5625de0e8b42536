package eu.art32.config;

/** What kind of environment a pair belongs to; drills refuse anything but staging. */
public enum Environment {
  STAGING,
  PRODUCTION
}
