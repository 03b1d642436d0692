package io.emoqwen.api.security;

import io.emoqwen.api.apikeys.ApiKeySecrets;
import io.emoqwen.api.apikeys.ApiKeyService;
import io.emoqwen.api.apikeys.KeyRateLimiter;
import io.emoqwen.api.audit.RefusalAudit;
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
 * Authenticates {@code Authorization: Bearer eqk_...}, applies the key's rate limit and its scopes
 * ({@link ApiKeyScopes}). Other bearer tokens pass on to the OIDC resource server (when one is configured).
 * A wrong, revoked or expired key is 401, a request outside the key's scopes 403; both are audited. An API-key
 * request never creates or reads an HTTP session: its context lives on this thread for this request only.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";

  private final ApiKeyService keys;
  private final KeyRateLimiter limiter;
  private final RefusalAudit audit;

  ApiKeyAuthenticationFilter(ApiKeyService keys, KeyRateLimiter limiter, RefusalAudit audit) {
    this.keys = keys;
    this.limiter = limiter;
    this.audit = audit;
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
      String actor = ApiKeySecrets.parse(token).map(parsed -> "key:" + parsed.prefix()).orElse(null);
      audit.refused(request, 401, "unknown, revoked or expired API key", null, actor);
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
    String scope = ApiKeyScopes.required(request);
    if (!ApiKeyScopes.allows(caller.get().scopes(), scope)) {
      String detail = "this API key lacks the scope " + scope;
      audit.refused(request, 403, detail, caller.get(), null);
      Problems.write(request, response, HttpStatus.FORBIDDEN, detail);
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
