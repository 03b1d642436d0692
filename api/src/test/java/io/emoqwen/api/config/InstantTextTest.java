package io.emoqwen.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {

  private static final ObjectMapper JACKSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final ObjectMapper API = WebConfiguration.strict(JACKSON);

  @Test
  void responses_write_instants_with_it() throws JsonProcessingException {
    assertThat(API.getSerializerProviderInstance().findValueSerializer(Instant.class)).isInstanceOf(InstantText.class);
  }

  @Test
  void it_writes_what_instant_to_string_and_jacksons_serializer_write_at_every_precision() throws JsonProcessingException {
    SplittableRandom random = new SplittableRandom(42);
    long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      int nano = random.nextInt(1_000_000_000);
      int precision = i % 4; // none, milli, micro, nano
      nano = precision == 0 ? 0 : precision == 1 ? nano / 1_000_000 * 1_000_000 : precision == 2 ? nano / 1_000 * 1_000 : nano;
      assertWrittenAsJacksonWould(Instant.ofEpochSecond(random.nextLong(first, last + 1), nano));
    }
  }

  @Test
  void it_writes_the_edges_of_days_years_and_its_range_as_jackson_would() throws JsonProcessingException {
    for (String text : List.of("1970-01-01T00:00:00Z", "1969-12-31T23:59:59.500Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00.000001Z", "2023-12-31T23:59:59.010Z",
        "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z")) {
      assertWrittenAsJacksonWould(Instant.parse(text));
    }
    assertWrittenAsJacksonWould(Instant.MAX);
    assertWrittenAsJacksonWould(Instant.MIN);
  }

  @Test
  void with_timestamps_switched_on_it_writes_the_number_jackson_writes() throws JsonProcessingException {
    Instant instant = Instant.parse("2024-05-06T07:08:09.123456789Z");
    String api = API.copy().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(instant);
    String jackson = JACKSON.copy().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(instant);

    assertThat(api).isEqualTo(jackson).isEqualTo("1714979289.123456789");
  }

  private static void assertWrittenAsJacksonWould(Instant instant) throws JsonProcessingException {
    Map<String, Instant> inRecord = Map.of("at", instant);
    assertThat(API.writeValueAsString(instant)).isEqualTo(JACKSON.writeValueAsString(instant))
        .isEqualTo("\"" + instant + "\"");
    assertThat(API.writeValueAsString(inRecord)).isEqualTo(JACKSON.writeValueAsString(inRecord));
  }
}
