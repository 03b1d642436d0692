package io.emoqwen.core.wire;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the platform's enums travel in JSON, payloads and URLs: by their lowercase names. One lookup, so that every
 * unknown name is refused the same way, with the names that are allowed (the gateway shows that reason to the
 * caller, naming the field). Each enum still declares its own {@code @JsonValue} / {@code @JsonCreator}: Jackson
 * finds them on the type.
 */
public final class WireNames {

  private WireNames() {}

  public static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** @param what the value's name in the refusal, e.g. "benchmark" */
  public static <E extends Enum<E>> E parse(Class<E> type, String wireName, String what) {
    for (E value : type.getEnumConstants()) {
      if (of(value).equals(wireName)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + wireName + "', expected one of "
        + Arrays.toString(all(type)));
  }

  public static <E extends Enum<E>> String[] all(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(WireNames::of).toArray(String[]::new);
  }
}
