package io.emoqwen.api.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes an {@link Instant} as the same text as {@link Instant#toString()} (ISO-8601 in UTC, the fraction in
 * groups of three digits as needed) straight into the generator. A job page holds about 150 instants, and the
 * JDK formatter that Jackson uses builds several strings for each: that was a quarter of a page's
 * serialisation time and of its allocation. Years outside 0000-9999 (a sign, five digits) and timestamp output
 * are left to Jackson's own serializer.
 */
final class InstantText extends StdSerializer<Instant> {

  private static final long FIRST_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
  private static final long AFTER_LAST_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;
  private static final int LONGEST = "9999-12-31T23:59:59.999999999Z".length();

  InstantText() {
    super(Instant.class);
  }

  @Override
  public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
    long seconds = value.getEpochSecond();
    if (seconds < FIRST_SECOND || seconds >= AFTER_LAST_SECOND
        || provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
      InstantSerializer.INSTANCE.serialize(value, generator, provider);
      return;
    }
    char[] text = new char[LONGEST];
    generator.writeString(text, 0, format(seconds, value.getNano(), text));
  }

  /** Writes the text into {@code text} and returns its length. */
  static int format(long epochSecond, int nano, char[] text) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400));
    int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
    int at = digits(text, 0, date.getYear(), 4);
    text[at++] = '-';
    at = digits(text, at, date.getMonthValue(), 2);
    text[at++] = '-';
    at = digits(text, at, date.getDayOfMonth(), 2);
    text[at++] = 'T';
    at = digits(text, at, secondOfDay / 3600, 2);
    text[at++] = ':';
    at = digits(text, at, secondOfDay / 60 % 60, 2);
    text[at++] = ':';
    at = digits(text, at, secondOfDay % 60, 2);
    if (nano != 0) {
      text[at++] = '.';
      if (nano % 1_000_000 == 0) {
        at = digits(text, at, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        at = digits(text, at, nano / 1_000, 6);
      } else {
        at = digits(text, at, nano, 9);
      }
    }
    text[at++] = 'Z';
    return at;
  }

  private static int digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }
}
