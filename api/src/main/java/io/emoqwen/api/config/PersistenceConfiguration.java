package io.emoqwen.api.config;

import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * JPA for the identity aggregates (tenants, users, memberships, API keys), JdbcClient for the job queue and
 * the jsonb/append-only tables; one transaction manager serves both, so core's auto-configured one backs off.
 */
@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

  @Bean
  PlatformTransactionManager transactionManager(EntityManagerFactory entityManagerFactory, DataSource dataSource) {
    return new ScopedJpaTransactionManager(entityManagerFactory, dataSource);
  }
}
