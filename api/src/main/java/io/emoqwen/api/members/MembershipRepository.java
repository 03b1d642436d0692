package io.emoqwen.api.members;

import io.emoqwen.api.security.Role;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MembershipRepository extends JpaRepository<Membership, Membership.Key> {

  List<Membership> findByTenantIdOrderByCreatedAt(UUID tenantId);

  List<Membership> findByUserId(UUID userId);

  Optional<Membership> findByTenantIdAndUserId(UUID tenantId, UUID userId);

  long countByTenantIdAndRole(UUID tenantId, Role role);
}
