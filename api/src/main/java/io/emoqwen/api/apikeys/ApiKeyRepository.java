package io.emoqwen.api.apikeys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

  Optional<ApiKey> findByPrefix(String prefix);

  List<ApiKey> findByTenantIdOrderByCreatedAtDesc(UUID tenantId);

  Optional<ApiKey> findByTenantIdAndId(UUID tenantId, UUID id);

  /** At most one write a minute per key: the condition makes concurrent requests race harmlessly. */
  @Modifying
  @Query("update ApiKey k set k.lastUsedAt = ?2 where k.id = ?1 and (k.lastUsedAt is null or k.lastUsedAt < ?3)")
  int touch(UUID id, Instant now, Instant staleBefore);
}
