package io.emoqwen.api.security;

import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.users.UserAccount;
import io.emoqwen.api.users.UserRepository;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.api.openapi.ApiErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's login: email and password give a session cookie. Every later unsafe request of that session
 * must echo the XSRF-TOKEN cookie as the X-XSRF-TOKEN header (CSRF protection; API keys and bearer tokens
 * need none, as no browser sends them on its own).
 */
@RestController
@Tag(name = "session")
class SessionController {

  private final UserRepository users;
  private final PasswordEncoder passwords;
  private final ScopedTransactions transactions;
  private final LoginThrottle throttle;
  private final SecurityContextRepository contexts;
  private final CsrfTokenRepository csrfTokens;
  // A hash of a password nobody knows: checked against when the email is unknown.
  private final String unknownUserHash;

  SessionController(UserRepository users, PasswordEncoder passwords, ScopedTransactions transactions,
      LoginThrottle throttle, SecurityContextRepository contexts, CsrfTokenRepository csrfTokens) {
    this.users = users;
    this.passwords = passwords;
    this.transactions = transactions;
    this.throttle = throttle;
    this.contexts = contexts;
    this.csrfTokens = csrfTokens;
    this.unknownUserHash = passwords.encode(java.util.UUID.randomUUID().toString());
  }

  record LoginRequest(@NotBlank @Size(max = 320) String email, @NotBlank @Size(max = 200) String password) {}

  record SessionView(String actor, boolean platformAdmin) {}

  record CsrfView(String headerName, String token) {}

  @GetMapping("/api/v1/session/csrf")
  @Operation(operationId = "getCsrfToken", summary = "Hands out the CSRF token a console session must echo")
  @SecurityRequirements
  CsrfView csrf(@Parameter(hidden = true) CsrfToken token) {
    return new CsrfView(token.getHeaderName(), token.getToken());
  }

  @PostMapping("/api/v1/session")
  @ApiErrors({401, 429})
  @Operation(operationId = "login", summary = "Signs a user in with email and password (session cookie)",
      description = "Like every unsafe console request, send the XSRF-TOKEN cookie (GET /api/v1/session/csrf) as"
          + " the X-XSRF-TOKEN header: no other page can then sign a browser in. Locked with 429 after repeated"
          + " failures.")
  @SecurityRequirements
  SessionView login(@Valid @RequestBody LoginRequest login, HttpServletRequest request, HttpServletResponse response) {
    String address = request.getRemoteAddr();
    throttle.check(login.email(), address);
    Optional<UserAccount> user = transactions.asSystem(() -> users.findByEmail(login.email()));
    // Hash even for an unknown email, so the answer takes as long either way.
    String hash = user.map(UserAccount::passwordHash).orElse(null);
    boolean ok = passwords.matches(login.password(), hash == null ? unknownUserHash : hash)
        && hash != null && !user.get().disabled();
    if (!ok) {
      throttle.failed(login.email(), address);
      throw new ApiException(HttpStatus.UNAUTHORIZED, "wrong email or password");
    }
    throttle.succeeded(login.email());
    UserAccount account = user.get();
    Caller caller = Caller.user(Caller.Kind.SESSION, account.id(), account.platformAdmin(), "user:" + account.email());
    if (request.getSession(false) != null) {
      request.changeSessionId(); // no session fixation
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new CallerAuthentication(caller));
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    // A fresh CSRF token for the fresh session.
    csrfTokens.saveToken(csrfTokens.generateToken(request), request, response);
    return new SessionView(caller.actor(), caller.platformAdmin());
  }

  @DeleteMapping("/api/v1/session")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "logout", summary = "Ends the console session")
  @SecurityRequirements
  void logout(HttpServletRequest request, HttpServletResponse response) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    SecurityContextHolder.clearContext();
    csrfTokens.saveToken(null, request, response);
  }

}
