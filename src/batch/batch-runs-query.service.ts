import { Injectable } from '@nestjs/common';
import type { BatchRunDto, BatchRunPageDto } from './batch.dto';
import { BatchRunsRepository, RunRow } from './batch-runs.repository';

/** The runs as the API and the health check read them. */
@Injectable()
export class BatchRunsQueryService {
  constructor(private readonly runs: BatchRunsRepository) {}

  /** Newest first, each with its files. */
  async page(limit: number, before?: number): Promise<BatchRunPageDto> {
    const rows = await this.runs.runs(limit + 1, before);
    const items = await this.withFiles(rows.slice(0, limit));
    return { items, nextBefore: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** The latest run that ended, with its files, or null before the first. */
  async lastFinished(): Promise<BatchRunDto | null> {
    const row = await this.runs.lastFinishedRun();
    return row ? (await this.withFiles([row]))[0] : null;
  }

  private async withFiles(rows: RunRow[]): Promise<BatchRunDto[]> {
    const files = rows.length ? await this.runs.runFiles(rows.map((r) => r.id)) : [];
    return rows.map(({ inbox: _inbox, ...run }) => ({
      ...run,
      match: run.match as BatchRunDto['match'],
      exports: run.exports as BatchRunDto['exports'],
      fileList: files.filter((f) => f.runId === run.id).map(({ runId: _runId, ...file }) => file),
    }));
  }
}
