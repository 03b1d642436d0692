package io.emoqwen.api.security;

import io.emoqwen.api.apikeys.ApiKeySecrets;
import io.emoqwen.api.apikeys.ApiKeyService;
import io.emoqwen.api.apikeys.KeyRateLimiter;
import io.emoqwen.api.errors.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer eqk_...} and applies the key's rate limit. Other bearer tokens
 * pass on to the OIDC resource server (when one is configured). A wrong, revoked or expired key is 401.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";

  private final ApiKeyService keys;
  private final KeyRateLimiter limiter;

  ApiKeyAuthenticationFilter(ApiKeyService keys, KeyRateLimiter limiter) {
    this.keys = keys;
    this.limiter = limiter;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = bearerToken(request);
    if (!ApiKeySecrets.looksLikeKey(token)) {
      chain.doFilter(request, response);
      return;
    }
    Optional<Caller> caller = keys.verify(token);
    if (caller.isEmpty()) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
      Problems.write(request, response, HttpStatus.UNAUTHORIZED, "the API key is unknown, revoked or expired");
      return;
    }
    Optional<Duration> wait = limiter.take(caller.get().apiKeyId());
    if (wait.isPresent()) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (wait.get().toMillis() + 999) / 1000)));
      Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate limit of this API key exceeded");
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new CallerAuthentication(caller.get()));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  static String bearerToken(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? header.substring(BEARER.length()).trim()
        : null;
  }
}
