package io.emoqwen.api.tenants;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TenantRepository extends JpaRepository<Tenant, UUID> {

  Optional<Tenant> findBySlug(String slug);

  List<Tenant> findByIdInOrderBySlug(Collection<UUID> ids);

  List<Tenant> findAllByOrderBySlug();
}
