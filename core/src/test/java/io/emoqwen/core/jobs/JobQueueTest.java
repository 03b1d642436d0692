package io.emoqwen.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.core.jobs.JobExceptions.IdempotencyConflict;
import io.emoqwen.core.jobs.JobExceptions.IllegalJobTransition;
import io.emoqwen.core.jobs.JobExceptions.InvalidDependency;
import io.emoqwen.core.jobs.JobExceptions.JobNotFound;
import io.emoqwen.core.jobs.JobExceptions.LeaseLost;
import io.emoqwen.core.testing.MutableClock;
import io.emoqwen.core.testing.TestCore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue's contract, step by step on a real PostgreSQL, with time moved by hand. */
class JobQueueTest {

  record Work(String name) {}

  static final JobType<Work> WORK = JobType.of("test.work", Work.class);
  static final List<String> TYPES = List.of(WORK.name());

  static MutableClock clock;
  static TestCore core;
  UUID tenant;

  @BeforeAll
  static void startDatabase() {
    clock = MutableClock.startingNow();
    core = TestCore.fresh(clock, TestCore.settings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2)));
  }

  @AfterAll
  static void close() {
    core.close();
  }

  @BeforeEach
  void emptyQueueAndNewTenant() {
    // Claims are cross-tenant on purpose, so each test starts from an empty queue.
    core.transactions.asSystem(() -> core.jdbc.sql("DELETE FROM jobs").update());
    tenant = core.newTenant(100);
  }

  Job enqueue(String name) {
    return core.queue.enqueue(NewJob.of(tenant, WORK, new Work(name)));
  }

  ClaimedJob claimOne(String owner) {
    List<ClaimedJob> claimed = core.claims.claim(owner, TYPES, 1);
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  JobState stateOf(UUID id) {
    return core.queue.get(tenant, id).state();
  }

  @Test
  void aJobGoesFromQueuedThroughRunningToSucceededWithItsResultAndHistory() {
    Job job = enqueue("a");
    assertThat(job.state()).isEqualTo(JobState.QUEUED);

    ClaimedJob claimed = claimOne("w1");
    assertThat(claimed.job().id()).isEqualTo(job.id());
    assertThat(claimed.job().state()).isEqualTo(JobState.RUNNING);
    assertThat(claimed.job().attempt()).isEqualTo(1);
    assertThat(core.queue.payload(claimed.job(), WORK)).isEqualTo(new Work("a"));

    core.claims.progress(claimed.lease(), 0.5, "half way");
    core.claims.log(claimed.lease(), "a log line");
    core.claims.metrics(claimed.lease(), java.util.Map.of("loss", 0.25));
    core.claims.complete(claimed.lease(), java.util.Map.of("answer", 42));

    Job done = core.queue.get(tenant, job.id());
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.result().get("answer").asInt()).isEqualTo(42);
    assertThat(done.progress()).isEqualTo(1.0);
    assertThat(core.queue.events(tenant, job.id(), 0, 100))
        .extracting(JobEvent::kind)
        .containsExactly(JobEvent.Kind.STATE, JobEvent.Kind.STATE, JobEvent.Kind.PROGRESS, JobEvent.Kind.LOG,
            JobEvent.Kind.METRIC, JobEvent.Kind.STATE);
  }

  @Test
  void aClaimTakesTheBestPriorityFirstAndNeverHandsOutAJobTwice() {
    enqueue("low");
    Job high = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("high")).withPriority(10));

    assertThat(claimOne("w1").job().id()).isEqualTo(high.id());
    claimOne("w2");
    assertThat(core.claims.claim("w3", TYPES, 5)).isEmpty();
  }

  @Test
  void aJobDueLaterIsNotClaimedBeforeItsTime() {
    core.queue.enqueue(NewJob.of(tenant, WORK, new Work("later")).runningAfter(clock.instant().plusSeconds(60)));
    assertThat(core.claims.claim("w1", TYPES, 1)).isEmpty();
    clock.advance(Duration.ofSeconds(61));
    assertThat(core.claims.claim("w1", TYPES, 1)).hasSize(1);
  }

  @Test
  void theSameIdempotencyKeyReturnsTheSameJobAndRefusesADifferentOne() {
    Job first = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("x")).withIdempotencyKey("key-1"));
    Job again = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("x")).withIdempotencyKey("key-1"));
    assertThat(again.id()).isEqualTo(first.id());
    assertThatThrownBy(() -> core.queue.enqueue(NewJob.of(tenant, WORK, new Work("y")).withIdempotencyKey("key-1")))
        .isInstanceOf(IdempotencyConflict.class);
    // Keys are per tenant: another tenant may use the same one.
    UUID other = core.newTenant(1);
    assertThat(core.queue.enqueue(NewJob.of(other, WORK, new Work("x")).withIdempotencyKey("key-1")).id())
        .isNotEqualTo(first.id());
  }

  @Test
  void aFailedAttemptIsRetriedAfterABackoffAndFailsForGoodWithTheLastError() {
    Job job = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("flaky")).withMaxAttempts(2));

    assertThat(core.claims.fail(claimOne("w1").lease(), "boom 1", true)).isEqualTo(JobState.QUEUED);
    assertThat(core.claims.claim("w1", TYPES, 1)).as("backoff not over").isEmpty();
    clock.advance(Duration.ofSeconds(2));
    ClaimedJob second = claimOne("w1");
    assertThat(second.job().attempt()).isEqualTo(2);
    assertThat(core.claims.fail(second.lease(), "boom 2", true)).isEqualTo(JobState.FAILED);

    Job failed = core.queue.get(tenant, job.id());
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).isEqualTo("boom 2");
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    enqueue("bad input");
    assertThat(core.claims.fail(claimOne("w1").lease(), "bad input", false)).isEqualTo(JobState.FAILED);
  }

  @Test
  void aWorkerWhoseLeaseExpiredAndWasReclaimedCannotWriteAnything() {
    Job job = enqueue("slow");
    ClaimedJob stale = claimOne("w1");
    clock.advance(Duration.ofSeconds(31));
    assertThat(core.reaper.runOnce()).isGreaterThanOrEqualTo(1);
    assertThat(stateOf(job.id())).isEqualTo(JobState.QUEUED);
    clock.advance(Duration.ofSeconds(2));
    ClaimedJob fresh = claimOne("w2");

    assertThatThrownBy(() -> core.claims.complete(stale.lease(), null)).isInstanceOf(LeaseLost.class);
    assertThatThrownBy(() -> core.claims.heartbeat(stale.lease())).isInstanceOf(LeaseLost.class);
    assertThatThrownBy(() -> core.claims.progress(stale.lease(), 0.9, "x")).isInstanceOf(LeaseLost.class);
    assertThatThrownBy(() -> core.claims.log(stale.lease(), "x")).isInstanceOf(LeaseLost.class);
    assertThatThrownBy(() -> core.claims.fail(stale.lease(), "x", true)).isInstanceOf(LeaseLost.class);

    core.claims.complete(fresh.lease(), null);
    assertThat(stateOf(job.id())).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void heartbeatsKeepALeaseAliveAndTheReaperLeavesItAlone() {
    Job job = enqueue("long");
    ClaimedJob claimed = claimOne("w1");
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(20));
      core.claims.heartbeat(claimed.lease());
      core.reaper.runOnce();
    }
    assertThat(stateOf(job.id())).isEqualTo(JobState.RUNNING);
  }

  @Test
  void theReaperFailsAJobWhoseLastAttemptExpired() {
    Job job = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("doomed")).withMaxAttempts(1));
    claimOne("w1");
    clock.advance(Duration.ofSeconds(31));
    core.reaper.runOnce();
    Job failed = core.queue.get(tenant, job.id());
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).contains("lease of w1 expired");
  }

  @Test
  void aChildWaitsForAllItsParentsAndIsQueuedWhenTheLastSucceeds() {
    Job a = enqueue("a");
    Job b = enqueue("b");
    Job child = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("child")).dependingOn(a.id(), b.id()));
    assertThat(child.state()).isEqualTo(JobState.WAITING);

    List<ClaimedJob> parents = core.claims.claim("w1", TYPES, 10);
    assertThat(parents).extracting(c -> c.job().id()).containsExactlyInAnyOrder(a.id(), b.id());
    core.claims.complete(parents.get(0).lease(), null);
    assertThat(stateOf(child.id())).isEqualTo(JobState.WAITING);
    core.claims.complete(parents.get(1).lease(), null);
    assertThat(stateOf(child.id())).isEqualTo(JobState.QUEUED);
  }

  @Test
  void aBatchOfCompletionsQueuesTheChildrenOfTheParentsItCompleted() {
    Job parent = enqueue("parent");
    Job child = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("child")).dependingOn(parent.id()));
    ClaimedJob running = claimOne("w1");

    core.claims.completeAndTakeOver("w1", List.of(new JobClaims.Completion(running.lease(), null)), TYPES);
    assertThat(stateOf(child.id())).isEqualTo(JobState.QUEUED);
  }

  @Test
  void aFailedParentCancelsItsWholeWaitingLineageWithAReasonAndARetryRevivesIt() {
    Job parent = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("parent")).withMaxAttempts(1));
    Job child = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("child")).dependingOn(parent.id()));
    Job grandchild = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("grandchild")).dependingOn(child.id()));

    core.claims.fail(claimOne("w1").lease(), "out of memory", true);

    for (Job descendant : List.of(child, grandchild)) {
      Job cancelled = core.queue.get(tenant, descendant.id());
      assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
      assertThat(cancelled.error()).contains(parent.id().toString()).contains("failed").contains("out of memory");
    }
    assertThatThrownBy(() -> core.queue.enqueue(NewJob.of(tenant, WORK, new Work("late")).dependingOn(parent.id())))
        .isInstanceOf(InvalidDependency.class).hasMessageContaining("FAILED");

    core.queue.retry(tenant, parent.id(), "alice");
    assertThat(stateOf(parent.id())).isEqualTo(JobState.QUEUED);
    assertThat(stateOf(child.id())).isEqualTo(JobState.WAITING);
    assertThat(stateOf(grandchild.id())).isEqualTo(JobState.WAITING);
    core.claims.complete(claimOne("w1").lease(), null);
    assertThat(stateOf(child.id())).isEqualTo(JobState.QUEUED);
  }

  @Test
  void theReaperQueuesAChildWhoseParentSucceededButWasNeverFollowedByItsPromotion() {
    Job parent = enqueue("parent");
    Job child = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("child")).dependingOn(parent.id()));
    // The completing process died between the parent's completion and the promotion of its children.
    core.transactions.inTenant(tenant, () -> core.jdbc.sql("UPDATE jobs SET state = 'SUCCEEDED' WHERE id = :id")
        .param("id", parent.id()).update());
    assertThat(stateOf(child.id())).isEqualTo(JobState.WAITING);
    core.reaper.runOnce();
    assertThat(stateOf(child.id())).isEqualTo(JobState.QUEUED);
  }

  @Test
  void aDependencyOnAMissingJobOrAnotherTenantsJobIsRefused() {
    UUID other = core.newTenant(1);
    Job foreign = core.queue.enqueue(NewJob.of(other, WORK, new Work("theirs")));
    assertThatThrownBy(() -> core.queue.enqueue(NewJob.of(tenant, WORK, new Work("x")).dependingOn(foreign.id())))
        .isInstanceOf(InvalidDependency.class).hasMessageContaining("no job " + foreign.id());
  }

  @Test
  void cancellingAQueuedJobIsImmediateAndCancelsItsChildren() {
    Job job = enqueue("q");
    Job child = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("c")).dependingOn(job.id()));
    assertThat(core.queue.cancel(tenant, job.id(), "bob").state()).isEqualTo(JobState.CANCELLED);
    assertThat(stateOf(child.id())).isEqualTo(JobState.CANCELLED);
    assertThat(core.claims.claim("w1", TYPES, 10)).isEmpty();
  }

  @Test
  void cancellingARunningJobIsSeenAtTheNextHeartbeatAndEndsCancelled() {
    Job job = enqueue("r");
    ClaimedJob claimed = claimOne("w1");
    assertThat(core.claims.heartbeat(claimed.lease())).isFalse();
    assertThat(core.queue.cancel(tenant, job.id(), "bob").state()).isEqualTo(JobState.CANCELLING);
    assertThat(core.claims.heartbeat(claimed.lease())).as("cancel requested").isTrue();
    core.claims.acknowledgeCancel(claimed.lease());
    assertThat(stateOf(job.id())).isEqualTo(JobState.CANCELLED);
    assertThatThrownBy(() -> core.queue.cancel(tenant, job.id(), "bob")).isInstanceOf(IllegalJobTransition.class);
  }

  @Test
  void aTenantNeverRunsMoreJobsThanItsLimitWhileOthersStillGetTheirs() {
    UUID limited = core.newTenant(2);
    UUID other = core.newTenant(5);
    for (int i = 0; i < 5; i++) {
      core.queue.enqueue(NewJob.of(limited, WORK, new Work("l" + i)).withPriority(100));
    }
    core.queue.enqueue(NewJob.of(other, WORK, new Work("o")));

    List<ClaimedJob> claimed = core.claims.claim("w1", TYPES, 10);
    assertThat(claimed.stream().filter(c -> c.job().tenantId().equals(limited))).hasSize(2);
    assertThat(claimed.stream().filter(c -> c.job().tenantId().equals(other))).hasSize(1);
    assertThat(core.claims.claim("w2", TYPES, 10)).isEmpty();

    core.claims.complete(claimed.get(0).lease(), null);
    assertThat(core.claims.claim("w2", TYPES, 10)).hasSize(1);
  }

  @Test
  void aCompletionTakesOverTheNextJobOfItsTenantButLeavesAnotherTenantsBetterJobToAClaim() {
    Job one = enqueue("one");
    Job two = enqueue("two");
    ClaimedJob running = claimOne("w1");
    UUID first = running.job().id();
    UUID second = first.equals(one.id()) ? two.id() : one.id();

    ClaimedJob next = completeAndClaimNext(running.lease(), java.util.Map.of("n", 1), TYPES).orElseThrow();
    assertThat(stateOf(first)).isEqualTo(JobState.SUCCEEDED);
    assertThat(next.job().id()).isEqualTo(second);
    assertThat(next.job().state()).isEqualTo(JobState.RUNNING);
    assertThat(next.lease().owner()).isEqualTo("w1");
    assertThat(core.queue.events(tenant, second, 0, 100)).extracting(JobEvent::message)
        .containsExactly("enqueued", "attempt 1 on w1");

    UUID other = core.newTenant(5);
    Job better = core.queue.enqueue(NewJob.of(other, WORK, new Work("better")).withPriority(5));
    enqueue("third");
    assertThat(completeAndClaimNext(next.lease(), null, TYPES)).isEmpty();
    assertThat(stateOf(second)).isEqualTo(JobState.SUCCEEDED);
    assertThat(claimOne("w2").job().id()).isEqualTo(better.id());
  }

  @Test
  void aTenantOverALoweredLimitTakesNothingOverUntilItIsBackWithinIt() {
    UUID limited = core.newTenant(3);
    List<ClaimedJob> running = claimedJobsOf(limited, 4);
    assertThat(running).hasSize(3);
    setLimit(limited, 2);

    assertThat(completeAndClaimNext(running.get(0).lease(), null, TYPES)).as("3 running, limit 2").isEmpty();
    assertThat(completeAndClaimNext(running.get(1).lease(), null, TYPES)).as("2 running, limit 2").isPresent();
  }

  @Test
  void aBatchOfCompletionsTakesOverItsTenantsNextJobsUpToAnotherTenantsBetterOne() {
    for (int i = 0; i < 3; i++) {
      core.queue.enqueue(NewJob.of(tenant, WORK, new Work("running" + i)).withPriority(20));
    }
    List<ClaimedJob> running = core.claims.claim("w1", TYPES, 3);
    Job next = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("next")).withPriority(10));
    Job better = core.queue.enqueue(NewJob.of(core.newTenant(5), WORK, new Work("better")).withPriority(5));
    Job worse = core.queue.enqueue(NewJob.of(tenant, WORK, new Work("worse")).withPriority(1));

    JobClaims.TakeOver done = core.claims.completeAndTakeOver("w1",
        running.stream().map(c -> new JobClaims.Completion(c.lease(), null)).toList(), TYPES);
    assertThat(done.leasesLost()).isEmpty();
    assertThat(running).allMatch(c -> stateOf(c.job().id()) == JobState.SUCCEEDED);
    assertThat(done.next()).extracting(c -> c.job().id()).as("not the tenant's job behind another's better one")
        .containsExactly(next.id());
    assertThat(done.next()).allMatch(c -> c.job().state() == JobState.RUNNING && c.lease().owner().equals("w1"));
    assertThat(stateOf(worse.id())).isEqualTo(JobState.QUEUED);
    assertThat(claimOne("w2").job().id()).isEqualTo(better.id());
  }

  @Test
  void aBatchTakesOverNoMoreJobsThanItCompletedAndNamesTheLeasesItLost() {
    for (int i = 0; i < 6; i++) {
      enqueue("j" + i);
    }
    List<ClaimedJob> running = core.claims.claim("w1", TYPES, 3);
    JobLease stale = running.get(2).lease();
    List<JobClaims.Completion> finished = List.of(new JobClaims.Completion(running.get(0).lease(), null),
        new JobClaims.Completion(running.get(1).lease(), null),
        new JobClaims.Completion(new JobLease(stale.jobId(), stale.tenantId(), stale.owner(), stale.version() - 1), null));

    JobClaims.TakeOver done = core.claims.completeAndTakeOver("w1", finished, TYPES);
    assertThat(done.leasesLost()).containsExactly(stale.jobId());
    assertThat(stateOf(stale.jobId())).isEqualTo(JobState.RUNNING);
    assertThat(done.next()).hasSize(2);
  }

  @Test
  void aLoweredLimitMarksTheTenantUntilTheReaperFindsItBackWithinIt() {
    UUID limited = core.newTenant(3);
    List<ClaimedJob> running = claimedJobsOf(limited, 3);
    setLimit(limited, 5);
    assertThat(limitLowered(limited)).as("raised").isFalse();
    setLimit(limited, 2);
    assertThat(limitLowered(limited)).as("lowered").isTrue();

    core.reaper.runOnce();
    assertThat(limitLowered(limited)).as("3 running, limit 2").isTrue();
    core.claims.complete(running.get(0).lease(), null);
    core.reaper.runOnce();
    assertThat(limitLowered(limited)).as("2 running, limit 2").isFalse();
  }

  /** Queues that many jobs of the tenant and claims as many as its limit lets w1 have. */
  List<ClaimedJob> claimedJobsOf(UUID tenantId, int jobs) {
    for (int i = 0; i < jobs; i++) {
      core.queue.enqueue(NewJob.of(tenantId, WORK, new Work("job" + i)));
    }
    return core.claims.claim("w1", TYPES, 10);
  }

  /** A batch of one: completes the job and returns the job taken over onto its slot, if any. */
  Optional<ClaimedJob> completeAndClaimNext(JobLease lease, Object result, Collection<String> types) {
    JobClaims.TakeOver done = core.claims.completeAndTakeOver(lease.owner(), List.of(new JobClaims.Completion(lease, result)), types);
    if (!done.leasesLost().isEmpty()) {
      throw new LeaseLost(lease.jobId());
    }
    return done.next().stream().findFirst();
  }

  void setLimit(UUID tenantId, int limit) {
    core.transactions.asSystem(() -> core.jdbc.sql("UPDATE tenants SET max_running_jobs = :limit WHERE id = :id")
        .param("limit", limit).param("id", tenantId).update());
  }

  boolean limitLowered(UUID tenantId) {
    return core.jdbc.sql("SELECT limit_lowered FROM tenants WHERE id = :id").param("id", tenantId).query(Boolean.class).single();
  }

  @Test
  void aCompletionWithALostLeaseTakesNothingOver() {
    enqueue("a");
    enqueue("b");
    ClaimedJob stale = claimOne("w1");
    clock.advance(Duration.ofSeconds(31));
    core.reaper.runOnce();

    assertThatThrownBy(() -> completeAndClaimNext(stale.lease(), null, TYPES)).isInstanceOf(LeaseLost.class);
    assertThat(core.claims.claim("w2", TYPES, 10)).hasSize(1).allMatch(c -> c.job().state() == JobState.RUNNING);
  }

  @Test
  void aDeletedJobTakesItsEventsWithItAsDoesADeletedTenant() {
    Job deleted = enqueue("deleted");
    Job kept = enqueue("kept");
    core.transactions.inTenant(tenant, () -> core.jdbc.sql("DELETE FROM jobs WHERE id = :id").param("id", deleted.id()).update());
    assertThat(eventsOf(deleted.id())).isZero();
    assertThat(eventsOf(kept.id())).isEqualTo(1);

    core.transactions.asSystem(() -> core.jdbc.sql("DELETE FROM tenants WHERE id = :id").param("id", tenant).update());
    assertThat(eventsOf(kept.id())).isZero();
  }

  long eventsOf(UUID jobId) {
    return core.transactions.asSystem(() -> core.jdbc.sql("SELECT count(*) FROM job_events WHERE job_id = :id")
        .param("id", jobId).query(Long.class).single());
  }

  @Test
  void anotherTenantsJobIsNotFoundAndCannotBeCancelled() {
    Job job = enqueue("mine");
    UUID other = core.newTenant(1);
    assertThat(core.queue.find(other, job.id())).isEmpty();
    assertThatThrownBy(() -> core.queue.cancel(other, job.id(), "mallory")).isInstanceOf(JobNotFound.class);
    assertThatThrownBy(() -> core.queue.events(other, job.id(), 0, 10)).isInstanceOf(JobNotFound.class);
  }

  @Test
  void listingPagesNewestFirstWithFiltersAndAStableCursor() {
    for (int i = 0; i < 7; i++) {
      enqueue("job " + i);
      clock.advance(Duration.ofMillis(1));
    }
    core.queue.cancel(tenant, enqueue("cancelled").id(), "bob");

    JobPage first = core.queue.list(tenant, JobFilter.firstPage(3));
    assertThat(first.jobs()).hasSize(3);
    JobPage second = core.queue.list(tenant, new JobFilter(null, null, null, null, first.nextCursor(), 3));
    JobPage third = core.queue.list(tenant, new JobFilter(null, null, null, null, second.nextCursor(), 3));
    assertThat(third.nextCursor()).isNull();
    List<UUID> all = new java.util.ArrayList<>();
    for (JobPage page : List.of(first, second, third)) {
      page.jobs().forEach(j -> all.add(j.id()));
    }
    assertThat(all).hasSize(8).doesNotHaveDuplicates();
    assertThat(core.queue.list(tenant, new JobFilter(null, JobState.CANCELLED, null, null, null, 10)).jobs()).hasSize(1);
    Job newest = first.jobs().get(0);
    assertThat(core.queue.list(tenant, new JobFilter(newest.type(), null, null, null, null, 10)).jobs()).hasSize(8);
    assertThat(core.queue.list(tenant, new JobFilter("no.such.type", null, null, null, null, 10)).jobs()).isEmpty();
    assertThat(core.queue.list(tenant, new JobFilter(null, null, newest.createdAt(), null, null, 10)).jobs())
        .extracting(Job::id).containsExactly(newest.id());
    assertThat(core.queue.list(tenant, new JobFilter(null, null, null, newest.createdAt(), null, 10)).jobs())
        .hasSize(7).extracting(Job::id).doesNotContain(newest.id());
    assertThat(core.queue.list(tenant, new JobFilter(newest.type(), JobState.QUEUED, null, newest.createdAt(),
        first.nextCursor(), 10)).jobs()).hasSize(5); // jobs 0..4: after the first page, all queued
    assertThatThrownBy(() -> core.queue.list(tenant, new JobFilter(null, null, null, null, "garbage!", 3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // What a reader may remember of a tenant's jobs is told current by JobChangeCounter.

  @Test
  void everyWriteOfThisProcessCountsForItsTenantOnly() {
    UUID other = core.newTenant(100);
    long others = core.changes.current(other);
    long count = core.changes.current(tenant);
    Job job = enqueue("counted");
    assertThat(core.changes.current(tenant)).isGreaterThan(count);
    count = core.changes.current(tenant);
    ClaimedJob claimed = claimOne("w1");
    assertThat(core.changes.current(tenant)).isGreaterThan(count);
    count = core.changes.current(tenant);
    core.claims.heartbeat(claimed.lease());
    assertThat(core.changes.current(tenant)).as("a heartbeat shows nothing new").isEqualTo(count);
    core.claims.progress(claimed.lease(), 0.5, "half");
    assertThat(core.changes.current(tenant)).isGreaterThan(count);
    count = core.changes.current(tenant);
    core.claims.fail(claimed.lease(), "no", false);
    assertThat(core.changes.current(tenant)).isGreaterThan(count);
    count = core.changes.current(tenant);
    core.queue.retry(tenant, job.id(), "test");
    assertThat(core.changes.current(tenant)).isGreaterThan(count);
    assertThat(core.changes.current(other)).isEqualTo(others);
  }

  @Test
  void aWriteInsideAnOuterTransactionCountsAgainOnceItEnds() {
    long before = core.changes.current(tenant);
    long[] during = new long[1];
    core.transactions.inTenant(tenant, () -> {
      enqueue("inside");
      during[0] = core.changes.current(tenant);
    });
    // A reader that read before the commit and remembered under the count seen during it is out of date.
    assertThat(during[0]).isGreaterThan(before);
    assertThat(core.changes.current(tenant)).isGreaterThan(during[0]);
  }

  @Test
  void aRefusedWriteCountsNothingAndTheReapersSweepCountsForEveryTenant() {
    long before = core.changes.current(tenant);
    assertThatThrownBy(() -> core.queue.cancel(tenant, UUID.randomUUID(), "test")).isInstanceOf(JobNotFound.class);
    assertThat(core.changes.current(tenant)).isEqualTo(before);

    UUID bystander = core.newTenant(100);
    long bystanders = core.changes.current(bystander);
    enqueue("abandoned");
    claimOne("w1");
    clock.advance(Duration.ofSeconds(31));
    assertThat(core.reaper.runOnce()).isGreaterThanOrEqualTo(1);
    assertThat(core.changes.current(bystander)).isGreaterThan(bystanders);
  }
}
