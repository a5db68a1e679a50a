/** Who started a run: the service's schedule (enqueued, run by workers) or `keshikomi batch`. */
export type BatchTrigger = 'schedule' | 'cli';
export const BATCH_TRIGGERS: readonly BatchTrigger[] = ['schedule', 'cli'];

/** importing → matching → finished; failed when matching gave up. */
export type BatchRunStatus = 'importing' | 'matching' | 'finished' | 'failed';
export const BATCH_RUN_STATUSES: readonly BatchRunStatus[] = ['importing', 'matching', 'finished', 'failed'];

/**
 * queued → imported | duplicate (same bytes seen before) | failed (refused: bad input, never retried) |
 * error (a fault outlasted every retry: the file stays in the inbox for the next night).
 */
export type BatchFileStatus = 'queued' | 'imported' | 'duplicate' | 'failed' | 'error';
export const BATCH_FILE_STATUSES: readonly BatchFileStatus[] = ['queued', 'imported', 'duplicate', 'failed', 'error'];
