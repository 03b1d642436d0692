package io.emoqwen.core.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a parent's fate does to the jobs that depend on it: success promotes children whose parents all
 * succeeded; failure or cancellation cancels every waiting descendant (remembering why); a retry of the parent
 * revives exactly the descendants its failure cancelled. Always called inside the transaction that changed
 * the parent, as a statement of its own so it sees children committed while the parent was locked.
 */
final class JobDependencies {

  private record Changed(UUID id, String type) {}

  private final JdbcClient jdbc;
  private final JobEvents events;

  JobDependencies(JdbcClient jdbc, JobEvents events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  void promoteChildrenOf(UUID tenantId, UUID parentId, Instant now) {
    List<Changed> promoted =
        jdbc.sql(
                "UPDATE jobs c SET state = 'QUEUED', updated_at = :now, version = version + 1"
                    + " WHERE c.tenant_id = :tenant AND c.state = 'WAITING'"
                    + "   AND c.depends_on @> ARRAY[CAST(:parent AS uuid)]"
                    + "   AND NOT EXISTS (SELECT 1 FROM jobs p WHERE p.tenant_id = :tenant"
                    + "                   AND p.id = ANY(c.depends_on) AND p.state <> 'SUCCEEDED')"
                    + " RETURNING c.id, c.type")
            .param("now", Timestamp.from(now))
            .param("tenant", tenantId)
            .param("parent", parentId)
            .query(Changed.class)
            .list();
    for (Changed child : promoted) {
      events.stateChanged(tenantId, child.id(), now, JobState.QUEUED, "parents succeeded");
      JobNotifier.wakeWorkers(jdbc, child.type());
    }
  }

  void cancelDescendantsOf(UUID tenantId, UUID rootId, String reason, Instant now) {
    List<UUID> cancelled =
        jdbc.sql(
                "WITH RECURSIVE descendants AS ("
                    + "  SELECT id FROM jobs WHERE tenant_id = :tenant AND state = 'WAITING'"
                    + "     AND depends_on @> ARRAY[CAST(:root AS uuid)]"
                    + "  UNION"
                    + "  SELECT j.id FROM jobs j JOIN descendants d ON j.depends_on @> ARRAY[d.id]"
                    + "   WHERE j.tenant_id = :tenant AND j.state = 'WAITING')"
                    + " UPDATE jobs SET state = 'CANCELLED', cancelled_by = :root, error = :reason,"
                    + "   finished_at = :now, updated_at = :now, version = version + 1"
                    + " WHERE tenant_id = :tenant AND id IN (SELECT id FROM descendants) RETURNING id")
            .param("tenant", tenantId)
            .param("root", rootId)
            .param("reason", reason)
            .param("now", Timestamp.from(now))
            .query(UUID.class)
            .list();
    for (UUID id : cancelled) {
      events.stateChanged(tenantId, id, now, JobState.CANCELLED, reason);
    }
  }

  void reviveDescendantsOf(UUID tenantId, UUID rootId, Instant now) {
    List<UUID> revived =
        jdbc.sql(
                "UPDATE jobs SET state = 'WAITING', cancelled_by = NULL, error = NULL, finished_at = NULL,"
                    + "   updated_at = :now, version = version + 1"
                    + " WHERE tenant_id = :tenant AND cancelled_by = :root AND state = 'CANCELLED' RETURNING id")
            .param("tenant", tenantId)
            .param("root", rootId)
            .param("now", Timestamp.from(now))
            .query(UUID.class)
            .list();
    for (UUID id : revived) {
      events.stateChanged(tenantId, id, now, JobState.WAITING, "revived by the retry of " + rootId);
    }
  }
}
