import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { BatchQueue } from '../batch/batch-queue';
import { MetricsRepository } from './metrics.repository';

/**
 * Prometheus metrics: the process's own (memory, event loop) and the service's, read from the database at
 * each scrape — imports and rows by format, their durations, the job queue's depth, open exceptions by type
 * and the last nightly run. No personal data: formats, statuses and types only.
 */
@Injectable()
export class MetricsService {
  private readonly registry = new Registry();

  constructor(
    private readonly figures: MetricsRepository,
    private readonly queue: BatchQueue,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'keshikomi_' });
    const gauge = (name: string, help: string, labelNames: string[] = []) =>
      new Gauge({ name, help, labelNames, registers: [this.registry] });
    const batches = gauge('keshikomi_import_batches', 'import batches (files) by format and status', ['format', 'status']);
    const rows = gauge('keshikomi_import_rows', 'records read, accepted and rejected, by format', ['format', 'kind']);
    const seconds = gauge('keshikomi_import_duration_seconds_sum', 'seconds spent importing, by format', ['format']);
    const count = gauge('keshikomi_import_duration_seconds_count', 'imports timed, by format', ['format']);
    const depth = gauge('keshikomi_job_queue_depth', 'jobs waiting, retrying or running', ['queue']);
    const open = gauge('keshikomi_open_exceptions', 'exceptions open or in review, by type', ['type']);
    const run = gauge('keshikomi_batch_last_run', 'the last nightly run that ended: 1 for its status', ['status']);
    const runEnd = gauge('keshikomi_batch_last_run_finished_seconds', 'when the last nightly run ended (unix time)');
    const runDuration = gauge('keshikomi_batch_last_run_duration_seconds', 'how long the last nightly run took');
    const runFiles = gauge('keshikomi_batch_last_run_files', 'files of the last nightly run, by outcome', ['outcome']);

    this.collect = async () => {
      const [imports, exceptions, last, queues] = await Promise.all([
        this.figures.imports(),
        this.figures.openExceptions(),
        this.figures.lastRun(),
        // The queue's depth is left out while the queue cannot be read; the rest still answers.
        this.queue.depth().catch(() => []),
      ]);
      for (const g of [batches, rows, seconds, count, depth, open, run, runFiles]) g.reset();
      for (const i of imports) {
        batches.set({ format: i.format, status: i.status }, i.batches);
        for (const kind of ['records', 'accepted', 'rejected'] as const) rows.inc({ format: i.format, kind }, i[kind]);
        seconds.inc({ format: i.format }, i.seconds);
        count.inc({ format: i.format }, i.batches);
      }
      for (const q of queues) depth.set({ queue: q.queue }, q.waiting);
      for (const e of exceptions) open.set({ type: e.type }, e.count);
      if (last) {
        run.set({ status: last.status }, 1);
        runEnd.set(last.finishedAt);
        runDuration.set(last.finishedAt - last.startedAt);
        runFiles.set({ outcome: 'all' }, last.files);
        runFiles.set({ outcome: 'error' }, last.errors);
        runFiles.set({ outcome: 'missing' }, last.missing);
      }
    };
  }

  private readonly collect: () => Promise<void>;

  get contentType(): string {
    return this.registry.contentType;
  }

  async scrape(): Promise<string> {
    await this.collect();
    return this.registry.metrics();
  }
}
