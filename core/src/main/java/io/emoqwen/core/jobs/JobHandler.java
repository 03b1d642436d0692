package io.emoqwen.core.jobs;

/**
 * Does the work of one job type. A handler reports progress and checks for cancellation through its
 * {@link JobContext}; what it returns is stored as the job's result.
 */
public interface JobHandler<P> {

  JobType<P> type();

  Object handle(P payload, JobContext context) throws Exception;

  /**
   * Database effects that must happen exactly once with the job's success: run inside the transaction that
   * marks the job SUCCEEDED, so they commit together or (lease lost) not at all.
   */
  default void commitWithSuccess(P payload, Object result, JobContext context) {}
}
