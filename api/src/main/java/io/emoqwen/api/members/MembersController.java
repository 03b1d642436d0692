package io.emoqwen.api.members;

import io.emoqwen.api.idempotency.Idempotency;
import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tenants/{tenant}/members")
@Tag(name = "members")
class MembersController {

  private final MemberService members;
  private final TenantAccess access;
  private final Idempotency idempotency;

  MembersController(MemberService members, TenantAccess access, Idempotency idempotency) {
    this.members = members;
    this.access = access;
    this.idempotency = idempotency;
  }

  record AddMemberRequest(
      @NotBlank @Email @Size(max = 320) String email,
      @NotNull Role role,
      @Size(max = 200) String displayName,
      @Size(min = 12, max = 200) @Schema(description = "initial console password when the user is new")
      String initialPassword) {}

  record ChangeRoleRequest(@NotNull Role role) {}

  record MemberView(UUID userId, String email, String displayName, Role role, Instant since) {
    static MemberView of(MemberService.Member member) {
      return new MemberView(member.user().id(), member.user().email(), member.user().displayName(),
          member.membership().role(), member.membership().createdAt());
    }
  }

  @GetMapping
  @Operation(operationId = "listMembers", summary = "Lists the tenant's members and their roles")
  List<MemberView> list(@PathVariable String tenant) {
    return members.list(access.require(tenant, Role.VIEWER)).stream().map(MemberView::of).toList();
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "addMember", summary = "Adds a user to the tenant with a role (ADMIN; OWNER for OWNER)")
  @ApiErrors(409)
  ResponseEntity<MemberView> add(@PathVariable String tenant, @Valid @RequestBody AddMemberRequest request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    TenantContext context = access.require(tenant, Role.ADMIN);
    return idempotency.create(context.tenantId(), context.actor(), "addMember", idempotencyKey, request,
        MemberView.class, () -> {
          MemberService.Member member = members.add(context, request.email(), request.displayName(),
              request.initialPassword(), request.role());
          return new Idempotency.Created<>(HttpStatus.CREATED, MemberView.of(member), "member", member.user().id());
        });
  }

  @PutMapping("/{userId}")
  @Operation(operationId = "changeMemberRole", summary = "Changes a member's role (the last OWNER stays OWNER)")
  @ApiErrors(409)
  MemberView changeRole(@PathVariable String tenant, @PathVariable UUID userId,
      @Valid @RequestBody ChangeRoleRequest request) {
    return MemberView.of(members.changeRole(access.require(tenant, Role.ADMIN), userId, request.role()));
  }

  @DeleteMapping("/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "removeMember", summary = "Removes a member, or leaves (the last OWNER cannot leave)")
  @ApiErrors(409)
  void remove(@PathVariable String tenant, @PathVariable UUID userId) {
    members.remove(access.require(tenant, Role.VIEWER), userId);
  }
}
