package io.emoqwen.api.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The authenticated {@link Caller} as Spring Security holds it (also what the HTTP session stores). */
public class CallerAuthentication extends AbstractAuthenticationToken {

  private final Caller caller;

  public CallerAuthentication(Caller caller) {
    super(caller.platformAdmin()
        ? List.of(new SimpleGrantedAuthority("ROLE_PLATFORM_ADMIN"))
        : List.of(new SimpleGrantedAuthority("ROLE_USER")));
    this.caller = caller;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Caller getPrincipal() {
    return caller;
  }

  @Override
  public String getName() {
    return caller.actor();
  }
}
