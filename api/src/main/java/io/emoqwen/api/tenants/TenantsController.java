package io.emoqwen.api.tenants;

import io.emoqwen.api.idempotency.Idempotency;
import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.Caller;
import io.emoqwen.api.security.CurrentCaller;
import io.emoqwen.api.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "tenants")
class TenantsController {

  private final TenantService tenants;
  private final TenantAccess access;
  private final Idempotency idempotency;

  TenantsController(TenantService tenants, TenantAccess access, Idempotency idempotency) {
    this.tenants = tenants;
    this.access = access;
    this.idempotency = idempotency;
  }

  record CreateTenantRequest(
      @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$", message = "2 to 63 of a-z, 0-9 and -") String slug,
      @NotBlank @Size(max = 200) String displayName,
      @Email @Size(max = 320) @Schema(description = "the first OWNER; default: the caller") String ownerEmail) {}

  record TenantView(UUID id, String slug, String displayName, Instant createdAt) {
    static TenantView of(Tenant tenant) {
      return new TenantView(tenant.id(), tenant.slug(), tenant.displayName(), tenant.createdAt());
    }
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "createTenant", summary = "Creates a tenant (platform admins only)")
  @ApiErrors({403, 409})
  ResponseEntity<TenantView> create(@Valid @RequestBody CreateTenantRequest request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    Caller caller = CurrentCaller.requirePlatformAdmin();
    return idempotency.create(null, caller.actor(), "createTenant", idempotencyKey, request, TenantView.class, () -> {
      Tenant tenant = tenants.create(request.slug(), request.displayName(), tenants.ownerFor(caller, request.ownerEmail()));
      return new Idempotency.Created<>(HttpStatus.CREATED, TenantView.of(tenant), "tenant", tenant.id());
    });
  }

  @GetMapping
  @Operation(operationId = "listTenants", summary = "Lists the tenants the caller belongs to (all, for platform admins)")
  List<TenantView> list() {
    return tenants.visibleTo(CurrentCaller.get()).stream().map(TenantView::of).toList();
  }

  @GetMapping("/{tenant}")
  @Operation(operationId = "getTenant", summary = "Reads one tenant")
  TenantView get(@PathVariable String tenant) {
    return TenantView.of(tenants.get(access.require(tenant, Role.VIEWER).tenantId()));
  }
}
