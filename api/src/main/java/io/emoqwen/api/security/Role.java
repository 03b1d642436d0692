package io.emoqwen.api.security;

/** A member's role in a tenant, weakest first: each role may do everything the ones before it may. */
public enum Role {
  VIEWER,
  MEMBER,
  ADMIN,
  OWNER;

  public boolean atLeast(Role required) {
    return compareTo(required) >= 0;
  }
}
