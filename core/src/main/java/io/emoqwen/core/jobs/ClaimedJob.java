package io.emoqwen.core.jobs;

/** A job as claimed, with the lease that every later write of the worker names. */
public record ClaimedJob(Job job, JobLease lease) {}
