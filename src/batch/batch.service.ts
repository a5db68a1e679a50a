import { Injectable } from '@nestjs/common';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IsoDate } from '../common/calendar';
import { FORMATS, FormatCode } from '../common/codes';
import { IntakeResult, ReconciliationService } from '../reconciliation/reconciliation.service';

/**
 * The nightly job: every file in the inbox, its format named by its subfolder (`inbox/konbini/…`).
 * Files already imported (same bytes) come back as `duplicate`, so the inbox can be re-run safely.
 * Bills go first so the day's payments meet the day's 調定.
 */
@Injectable()
export class BatchService {
  constructor(private readonly reconciliation: ReconciliationService) {}

  async listInbox(inbox: string): Promise<{ path: string; fileName: string; format: FormatCode }[]> {
    const found: { path: string; fileName: string; format: FormatCode }[] = [];
    const folders = new Set(await readdir(inbox));
    for (const format of FORMATS) {
      if (!folders.has(format)) continue;
      const dir = join(inbox, format);
      if (!(await stat(dir)).isDirectory()) continue;
      for (const name of (await readdir(dir)).sort()) {
        const path = join(dir, name);
        if (!name.startsWith('.') && !/\.(md|json)$/i.test(name) && (await stat(path)).isFile()) {
          found.push({ path, fileName: name, format });
        }
      }
    }
    return found;
  }

  /**
   * Imports the inbox, then matches once. `datesFromNames` takes each file as received on the date in
   * its name (SYUNO_20261116.dat → 2026-11-16), for replaying an archive such as samples/.
   */
  async run(inbox: string, options: { receivedOn: IsoDate; datesFromNames?: boolean; actor?: string }): Promise<IntakeResult> {
    const files = await this.listInbox(inbox);
    return this.reconciliation.intake(
      files.map((f) => ({
        source: { fileName: f.fileName, path: f.path },
        format: f.format,
        receivedOn: options.datesFromNames ? dateInName(f.fileName) : undefined,
      })),
      { receivedOn: options.receivedOn, actor: options.actor ?? 'batch' },
    );
  }
}

function dateInName(fileName: string): IsoDate | undefined {
  const named = /(20\d{2})(\d{2})(\d{2})/.exec(fileName);
  return named ? `${named[1]}-${named[2]}-${named[3]}` : undefined;
}
