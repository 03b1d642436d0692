package io.emoqwen.core.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The {@code toString} of a settings record that holds secrets: every component as a record prints it, except
 * that a secret shows only whether it is set. A record's own {@code toString} prints every value, so a settings
 * object in a log line or an exception message would carry database passwords, S3 keys and API keys with it.
 */
public final class Redacted {

  public static final String SHOWN = "<redacted>";

  private Redacted() {}

  /** {@code Name[a=1, password=<redacted>]}; an unset (null or empty) secret shows as it is. */
  public static String toString(Record settings, String... secrets) {
    Set<String> hidden = Set.of(secrets);
    StringJoiner out = new StringJoiner(", ", settings.getClass().getSimpleName() + "[", "]");
    for (RecordComponent component : settings.getClass().getRecordComponents()) {
      Object value = valueOf(settings, component);
      boolean set = value != null && !value.toString().isEmpty();
      out.add(component.getName() + "=" + (hidden.contains(component.getName()) && set ? SHOWN : value));
    }
    return out.toString();
  }

  private static Object valueOf(Record settings, RecordComponent component) {
    try {
      var accessor = component.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(settings);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName() + " of " + settings.getClass(), e);
    }
  }
}
