package io.emoqwen.api.inference;

import io.emoqwen.core.tenancy.ScopedTransactions;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Adds a finished request's usage to the tenant's daily counters (the usage table). */
@Component
class UsageMeter {

  private final JdbcClient jdbc;
  private final ScopedTransactions transactions;
  private final Clock clock;

  UsageMeter(JdbcClient jdbc, ScopedTransactions transactions, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
  }

  void record(UUID tenantId, WorkerCalls.Usage usage) {
    Map<String, Double> amounts = Map.of(
        "inference.requests", 1.0,
        "inference.input_tokens", (double) usage.promptTokens(),
        "inference.output_tokens", (double) usage.completionTokens(),
        "inference.video_seconds", usage.videoSeconds(),
        "inference.cpu_seconds", usage.cpuSeconds(),
        "inference.gpu_seconds", usage.gpuSeconds());
    LocalDate day = LocalDate.now(clock);
    transactions.inTenant(tenantId, () -> amounts.forEach((metric, amount) -> jdbc.sql(
            "INSERT INTO usage (tenant_id, day, metric, amount) VALUES (:tenant, :day, :metric, :amount)"
                + " ON CONFLICT (tenant_id, metric, day) DO UPDATE SET amount = usage.amount + excluded.amount")
        .param("tenant", tenantId).param("day", day).param("metric", metric).param("amount", BigDecimal.valueOf(amount))
        .update()));
  }
}
