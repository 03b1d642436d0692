package io.emoqwen.api.users;

import io.emoqwen.api.security.Caller;
import io.emoqwen.api.security.CurrentCaller;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is and where they may act: what the console shows first. */
@RestController
@Tag(name = "session")
class MeController {

  private final TenantService tenants;
  private final TenantAccess access;

  MeController(TenantService tenants, TenantAccess access) {
    this.tenants = tenants;
    this.access = access;
  }

  record TenantRole(UUID tenantId, String slug, Role role) {}

  record Me(String actor, Caller.Kind kind, UUID userId, boolean platformAdmin, List<TenantRole> tenants) {}

  @GetMapping("/api/v1/me")
  @Operation(operationId = "getMe", summary = "Tells who the caller is and their role in each tenant")
  Me me() {
    Caller caller = CurrentCaller.get();
    List<TenantRole> roles = tenants.visibleTo(caller).stream()
        .map(t -> new TenantRole(t.id(), t.slug(), access.roleOf(caller, t.id()).orElse(Role.VIEWER)))
        .toList();
    return new Me(caller.actor(), caller.kind(), caller.userId(), caller.platformAdmin(), roles);
  }
}
