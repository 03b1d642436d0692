package io.emoqwen.core.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.embedded.EmbeddedPostgresServer;
import io.emoqwen.core.embedded.EmbeddedS3Server;
import io.emoqwen.core.jobs.JobChangeCounter;
import io.emoqwen.core.jobs.JobClaims;
import io.emoqwen.core.jobs.JobNotifier;
import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.jobs.JobReaper;
import io.emoqwen.core.jobs.JobWorkers;
import io.emoqwen.core.tenancy.ScopedDataSource;
import io.emoqwen.core.tenancy.ScopedTransactionManager;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.workers.WorkerRegistry;
import java.net.URI;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Wires the shared kernel into any Spring Boot app that has core on its classpath: the database (embedded or
 * configured), tenant-scoped transactions, the job queue, the artifact store and the worker registry.
 */
@AutoConfiguration(
    before = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        FlywayAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class})
@EnableConfigurationProperties(CoreProperties.class)
public class CoreAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  ObjectMapper objectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  // Database

  @Bean(destroyMethod = "close")
  @Conditional(EmbeddedDatabase.class)
  EmbeddedPostgresServer embeddedPostgres(CoreProperties properties) {
    return EmbeddedPostgresServer.start(
        properties.dataDir().resolve("postgres"), properties.database().embeddedDurable());
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(DataSource.class)
  ScopedDataSource dataSource(CoreProperties properties, ObjectProvider<EmbeddedPostgresServer> embedded) {
    CoreProperties.Database database = properties.database();
    if (database.embedded()) {
      EmbeddedPostgresServer server = embedded.getObject();
      return ScopedDataSource.create(server.ensureDatabase(database.embeddedName()), EmbeddedPostgresServer.OWNER,
          "", database.maxPoolSize());
    }
    return ScopedDataSource.create(database.url(), database.username(), database.password(), database.maxPoolSize());
  }

  /** Migrations run in the system scope, so a data migration sees every tenant's rows. */
  @Bean
  FlywayConfigurationCustomizer migrateAsSystem(DataSource dataSource) {
    return configuration -> {
      if (dataSource instanceof ScopedDataSource scoped) {
        configuration.dataSource(scoped.systemPool());
      }
    };
  }

  @Bean
  @ConditionalOnMissingBean(TransactionManager.class)
  PlatformTransactionManager transactionManager(DataSource dataSource) {
    return new ScopedTransactionManager(dataSource);
  }

  @Bean
  ScopedTransactions scopedTransactions(PlatformTransactionManager transactionManager) {
    return new ScopedTransactions(transactionManager);
  }

  // Jobs

  @Bean
  JobChangeCounter jobChangeCounter() {
    return new JobChangeCounter();
  }

  @Bean
  JobQueue jobQueue(JdbcClient jdbc, ScopedTransactions transactions, ObjectMapper json, Clock clock, CoreProperties properties,
      JobChangeCounter changes) {
    return new JobQueue(jdbc, transactions, json, clock, properties.jobs(), changes);
  }

  @Bean
  JobClaims jobClaims(JdbcClient jdbc, ScopedTransactions transactions, ObjectMapper json, Clock clock, CoreProperties properties,
      JobChangeCounter changes) {
    return new JobClaims(jdbc, transactions, json, clock, properties.jobs(), changes);
  }

  @Bean(destroyMethod = "close")
  JobNotifier jobNotifier(DataSource dataSource) {
    return new JobNotifier(dataSource);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "emoqwen.jobs.reaper-enabled", havingValue = "true", matchIfMissing = true)
  JobReaper jobReaper(JobClaims claims, CoreProperties properties) {
    JobReaper reaper = new JobReaper(claims);
    reaper.start(properties.jobs().reaperInterval());
    return reaper;
  }

  @Bean(destroyMethod = "close")
  JobWorkers jobWorkers(JobClaims claims, ObjectMapper json, ScopedTransactions transactions, JobNotifier notifier,
      CoreProperties properties) {
    return new JobWorkers(claims, json, transactions, notifier, properties.jobs());
  }

  @Bean
  WorkerRegistry workerRegistry(JdbcClient jdbc, ScopedTransactions transactions, ObjectMapper json, Clock clock) {
    return new WorkerRegistry(jdbc, transactions, json, clock);
  }

  // Artifacts

  @Bean(destroyMethod = "close")
  @Conditional(EmbeddedS3.class)
  EmbeddedS3Server embeddedS3(CoreProperties properties) {
    return EmbeddedS3Server.start(properties.dataDir().resolve("s3"), properties.s3().embeddedPort());
  }

  @Bean
  S3Connection s3Connection(CoreProperties properties, ObjectProvider<EmbeddedS3Server> embedded) {
    CoreProperties.S3 s3 = properties.s3();
    if (s3.embedded()) {
      EmbeddedS3Server server = embedded.getObject();
      return new S3Connection(server.endpoint(),
          StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), server.secretKey())));
    }
    AwsCredentialsProvider credentials = s3.accessKey().isBlank()
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
    return new S3Connection(s3.endpointUri(), credentials);
  }

  @Bean(destroyMethod = "close")
  S3Client s3Client(S3Connection connection, CoreProperties properties) {
    return S3Client.builder()
        .endpointOverride(connection.endpoint())
        .region(Region.of(properties.s3().region()))
        .credentialsProvider(connection.credentials())
        .forcePathStyle(properties.s3().pathStyle())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Bean(destroyMethod = "close")
  S3Presigner s3Presigner(S3Connection connection, CoreProperties properties) {
    return S3Presigner.builder()
        .endpointOverride(connection.endpoint())
        .region(Region.of(properties.s3().region()))
        .credentialsProvider(connection.credentials())
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(properties.s3().pathStyle()).build())
        .build();
  }

  @Bean
  ArtifactStore artifactStore(S3Client s3, S3Presigner presigner, CoreProperties properties) {
    ArtifactStore store = new ArtifactStore(s3, presigner, properties.s3().bucket(), properties.s3().presignDuration());
    if (properties.s3().embedded()) {
      store.ensureBucket();
    }
    return store;
  }

  /** Where S3 is and how to sign for it, whichever S3 that is. */
  record S3Connection(URI endpoint, AwsCredentialsProvider credentials) {}

  static class EmbeddedDatabase implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return context.getEnvironment().getProperty("emoqwen.database.url", "").isBlank();
    }
  }

  static class EmbeddedS3 implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return context.getEnvironment().getProperty("emoqwen.s3.endpoint", "").isBlank();
    }
  }
}
