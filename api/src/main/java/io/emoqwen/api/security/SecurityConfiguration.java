package io.emoqwen.api.security;

import jakarta.servlet.DispatcherType;
import io.emoqwen.api.apikeys.ApiKeySecrets;
import io.emoqwen.api.apikeys.ApiKeyService;
import io.emoqwen.api.apikeys.KeyRateLimiter;
import io.emoqwen.api.audit.RefusalAudit;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * One filter chain for the three ways in: API keys ({@code Bearer eqk_...}), console sessions (cookie +
 * CSRF), and OIDC bearer tokens when {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} is set.
 * Authorization inside a tenant is {@code TenantAccess}'s job; here only "is anyone there".
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder();
  }

  /**
   * Authentications and authorizations stay observed; the filter chain is not. Observing it wraps each of its
   * ~15 filters and counts a "before" and an "after" event for each, on every request (ping included): a fifth
   * of a trivial request's server time and half its allocation, for metrics that http.server.requests (kept)
   * already sums up.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).build();
  }

  @Bean
  SecurityContextRepository securityContextRepository() {
    return new HttpSessionSecurityContextRepository();
  }

  @Bean
  CsrfTokenRepository csrfTokenRepository() {
    // The console (same origin) reads the cookie and echoes it; httpOnly would hide it from the console.
    CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
    repository.setCookiePath("/");
    return repository;
  }

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyService keys, KeyRateLimiter limiter,
      SecurityContextRepository contexts, CsrfTokenRepository csrfTokens, ObjectProvider<JwtDecoder> jwtDecoder,
      OidcCallers oidcCallers, RefusalAudit refusals) throws Exception {
    http
        .securityContext(context -> context.securityContextRepository(contexts))
        // No sessionManagement(...) on purpose: setting any of it (even the default creation policy) adds
        // Spring's SessionManagementFilter, which stores every authenticated request's context in a new session,
        // so each API-key or bearer-token request would cost one. Only the login makes a session (and changes
        // its id, see SessionController).
        .csrf(csrf -> csrf
            .csrfTokenRepository(csrfTokens)
            .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
            // Only a browser's ambient credentials (the session cookie) need CSRF protection.
            .requireCsrfProtectionMatcher(SecurityConfiguration::cookieAuthenticatedUnsafe))
        .authorizeHttpRequests(authorize -> authorize
            // The request was authorised when it came in; the async re-dispatch that ends an event stream
            // carries no credentials (no session is kept) and must not be refused half-way.
            .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
            .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info")
            .permitAll()
            .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**")
            .permitAll()
            .requestMatchers("/api/v1/ping", "/api/v1/session", "/api/v1/session/csrf", "/error").permitAll()
            .requestMatchers("/api/**", "/actuator/**").authenticated()
            .anyRequest().permitAll()) // the console's static files
        .exceptionHandling(errors -> errors
            .authenticationEntryPoint(ProblemResponses.unauthorized(refusals))
            .accessDeniedHandler(ProblemResponses.forbidden(refusals)))
        // An API, not a login page: nothing to come back to after a 401, so no session is made to remember it.
        .requestCache(cache -> cache.requestCache(new NullRequestCache()))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .addFilterBefore(new ApiKeyAuthenticationFilter(keys, limiter, refusals), BearerTokenAuthenticationFilter.class);
    JwtDecoder decoder = jwtDecoder.getIfAvailable();
    if (decoder != null) {
      http.oauth2ResourceServer(oauth -> oauth
          .bearerTokenResolver(nonApiKeyBearerTokens())
          .authenticationEntryPoint(ProblemResponses.unauthorized(refusals))
          .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(oidcCallers)));
    }
    return http.build();
  }

  private static boolean cookieAuthenticatedUnsafe(HttpServletRequest request) {
    return !SAFE_METHODS.contains(request.getMethod()) && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
  }

  private static BearerTokenResolver nonApiKeyBearerTokens() {
    DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
    return request -> {
      String token = standard.resolve(request);
      return ApiKeySecrets.looksLikeKey(token) ? null : token;
    };
  }
}
