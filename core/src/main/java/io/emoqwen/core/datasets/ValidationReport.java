package io.emoqwen.core.datasets;

import java.util.List;

/**
 * What ingest found wrong, record by record. Stored next to the manifest as {@code validation-report.json} and
 * downloadable through the API.
 *
 * @param policy what the user chose to do with invalid records
 * @param records records read from the source files
 * @param valid records that passed every check
 * @param errors one entry per problem (a record may have several)
 */
public record ValidationReport(InvalidRecordPolicy policy, int records, int valid, List<RecordError> errors) {

  public ValidationReport {
    errors = List.copyOf(errors);
  }

  /** What happens to a version when some records are invalid. */
  public enum InvalidRecordPolicy {
    /** Any invalid record rejects the whole version: nothing of it is kept but this report. */
    REJECT,
    /** Invalid records are left out and listed here; the version holds the valid ones. */
    KEEP_VALID;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static InvalidRecordPolicy of(String wireName) {
      for (InvalidRecordPolicy p : values()) {
        if (p.wireName().equals(wireName)) {
          return p;
        }
      }
      throw new IllegalArgumentException("unknown policy '" + wireName + "', expected reject or keep_valid");
    }
  }

  /**
   * One problem with one record.
   *
   * @param index position of the record in its source file (0-based), or -1 for a file-level problem
   * @param recordId the record's id as written (may be null when the id itself is the problem)
   * @param field the field at fault, e.g. {@code video}, {@code conversations[1].role}, {@code media/clip.mp4}
   * @param reason what is wrong, in words a user can act on
   */
  public record RecordError(int index, String recordId, String field, String reason) {}
}
