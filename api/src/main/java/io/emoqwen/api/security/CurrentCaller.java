package io.emoqwen.api.security;

import io.emoqwen.api.errors.ApiException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the request on this thread. */
public final class CurrentCaller {

  private CurrentCaller() {}

  public static Optional<Caller> find() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication instanceof CallerAuthentication caller ? Optional.of(caller.getPrincipal()) : Optional.empty();
  }

  public static Caller get() {
    return find().orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "authentication required"));
  }

  /** Platform-level operations (creating tenants, setting quotas) belong to platform admins only. */
  public static Caller requirePlatformAdmin() {
    Caller caller = get();
    if (!caller.platformAdmin()) {
      throw ApiException.forbidden("only a platform admin may do this");
    }
    return caller;
  }
}
