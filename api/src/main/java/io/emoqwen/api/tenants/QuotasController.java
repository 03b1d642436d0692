package io.emoqwen.api.tenants;

import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.CurrentCaller;
import io.emoqwen.api.security.Role;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Quotas (members read, platform admins set) and recorded usage per day. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}")
@Tag(name = "quotas")
class QuotasController {

  private final TenantAccess access;
  private final TenantService tenants;
  private final ScopedTransactions transactions;
  private final JdbcClient jdbc;

  QuotasController(TenantAccess access, TenantService tenants, ScopedTransactions transactions, JdbcClient jdbc) {
    this.access = access;
    this.tenants = tenants;
    this.transactions = transactions;
    this.jdbc = jdbc;
  }

  record Quotas(@NotNull @Min(0) @Max(10_000) Integer maxRunningJobs, @NotNull @Min(0) Long storageQuotaBytes) {
    static Quotas of(Tenant tenant) {
      return new Quotas(tenant.maxRunningJobs(), tenant.storageQuotaBytes());
    }
  }

  record UsageEntry(LocalDate day, String metric, BigDecimal amount) {}

  record Usage(long runningJobs, long queuedJobs, List<UsageEntry> days) {}

  @GetMapping("/quotas")
  @Operation(operationId = "getQuotas", summary = "Reads the tenant's quotas")
  Quotas get(@PathVariable String tenant) {
    return Quotas.of(tenants.get(access.require(tenant, Role.VIEWER).tenantId()));
  }

  @PutMapping("/quotas")
  @Operation(operationId = "setQuotas", summary = "Sets the tenant's quotas (platform admins only)")
  Quotas set(@PathVariable String tenant, @Valid @RequestBody Quotas quotas) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    CurrentCaller.requirePlatformAdmin();
    return Quotas.of(tenants.setQuotas(context.tenantId(), quotas.maxRunningJobs(), quotas.storageQuotaBytes()));
  }

  @GetMapping("/usage")
  @Operation(operationId = "getUsage", summary = "Reads live job counts and the recorded usage per day")
  @ApiErrors(400)
  Usage usage(@PathVariable String tenant,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> {
      long running = count(context, "state IN ('RUNNING', 'CANCELLING')");
      long queued = count(context, "state IN ('QUEUED', 'WAITING')");
      List<UsageEntry> days = jdbc.sql("SELECT day, metric, amount FROM usage WHERE tenant_id = :tenant"
              + " AND (CAST(:from AS date) IS NULL OR day >= :from) AND (CAST(:to AS date) IS NULL OR day <= :to)"
              + " ORDER BY day, metric")
          .param("tenant", context.tenantId()).param("from", from).param("to", to)
          .query((row, n) -> new UsageEntry(row.getObject("day", LocalDate.class), row.getString("metric"),
              row.getBigDecimal("amount")))
          .list();
      return new Usage(running, queued, days);
    });
  }

  private long count(TenantContext context, String condition) {
    // condition is one of two constants above, never input
    return jdbc.sql("SELECT count(*) FROM jobs WHERE tenant_id = :tenant AND " + condition)
        .param("tenant", context.tenantId()).query(Long.class).single();
  }
}
