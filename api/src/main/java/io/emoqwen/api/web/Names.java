package io.emoqwen.api.web;

/** The shape of user-chosen resource names: no path separators, no "..", nothing a storage key could trip on. */
public final class Names {

  public static final String PATTERN = "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";
  public static final String MESSAGE = "1 to 128 of A-Z a-z 0-9 . _ - (starting with a letter or digit, no '..')";

  private Names() {}
}
