package io.emoqwen.api.apikeys;

import io.emoqwen.api.idempotency.Idempotency;
import io.emoqwen.api.security.ApiKeyScopes;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tenants/{tenant}/api-keys")
@Tag(name = "api-keys")
class ApiKeysController {

  private final ApiKeyService keys;
  private final TenantAccess access;
  private final Idempotency idempotency;

  ApiKeysController(ApiKeyService keys, TenantAccess access, Idempotency idempotency) {
    this.keys = keys;
    this.access = access;
    this.idempotency = idempotency;
  }

  record CreateApiKeyRequest(
      @NotBlank @Size(max = 100) String name,
      @NotNull Role role,
      @Schema(description = "when the key stops working; never when absent") Instant expiresAt,
      @Size(max = 20) @Schema(description = ApiKeyScopes.DESCRIPTION)
      List<@Pattern(regexp = ApiKeyScopes.PATTERN) String> scopes) {}

  record ApiKeyView(UUID id, String name, String prefix, Role role, List<String> scopes, Instant expiresAt,
      Instant lastUsedAt, Instant revokedAt, Instant createdAt) {
    static ApiKeyView of(ApiKey key) {
      return new ApiKeyView(key.id(), key.name(), key.prefix(), key.role(), List.of(key.scopes()), key.expiresAt(),
          key.lastUsedAt(), key.revokedAt(), key.createdAt());
    }
  }

  record CreatedApiKey(
      ApiKeyView key,
      @Schema(description = "the key to send as 'Authorization: Bearer ...'; shown only in the first response,"
          + " null in a replay (same Idempotency-Key)")
      String secret,
      @Schema(description = "set in a replay: says the secret is not shown again")
      String note) {}

  static final String SECRET_NOT_SHOWN_AGAIN = "this is a replay (same Idempotency-Key): the secret was shown only in"
      + " the first response and is not shown again; revoke this key and create another if it was lost";

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "createApiKey",
      summary = "Creates an API key for the tenant with a role no stronger than the caller's (ADMIN)")
  ResponseEntity<CreatedApiKey> create(@PathVariable String tenant, @Valid @RequestBody CreateApiKeyRequest request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    TenantContext context = access.require(tenant, Role.ADMIN);
    return idempotency.create(context.tenantId(), context.actor(), "createApiKey", idempotencyKey, request,
        CreatedApiKey.class, () -> {
          ApiKeyService.IssuedKey issued = keys.issue(context, request.name(), request.role(), request.expiresAt(),
              request.scopes() == null ? List.of() : request.scopes());
          ApiKeyView view = ApiKeyView.of(issued.key());
          return new Idempotency.Created<>(HttpStatus.CREATED, new CreatedApiKey(view, issued.secret(), null),
              new CreatedApiKey(view, null, SECRET_NOT_SHOWN_AGAIN), "api_key", issued.key().id());
        });
  }

  @GetMapping
  @Operation(operationId = "listApiKeys", summary = "Lists the tenant's API keys (never their secrets)")
  List<ApiKeyView> list(@PathVariable String tenant) {
    return keys.list(access.require(tenant, Role.ADMIN)).stream().map(ApiKeyView::of).toList();
  }

  @DeleteMapping("/{keyId}")
  @Operation(operationId = "revokeApiKey", summary = "Revokes an API key at once; revoking twice is harmless")
  ApiKeyView revoke(@PathVariable String tenant, @PathVariable UUID keyId) {
    return ApiKeyView.of(keys.revoke(access.require(tenant, Role.ADMIN), keyId));
  }
}
