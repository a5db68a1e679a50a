import { Injectable } from '@nestjs/common';
import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { IsoDate } from '../common/calendar';
import { FORMATS, FormatCode } from '../common/codes';
import type { ImportResult } from '../imports/import.service';
import { ExportsService, RunResult } from '../exports/exports.service';
import { IntakeResult, IntakeService } from '../imports/intake.service';

/** The actor of the nightly job in import batches and audit rows (its inbox path is kept on each batch). */
export const BATCH_ACTOR = 'batch';

export interface InboxFile {
  path: string;
  fileName: string;
  format: FormatCode;
}

/** What is in the inbox: the files to import, and what it refuses to read (named, never followed). */
export interface InboxListing {
  files: InboxFile[];
  refused: ImportResult[];
}

/**
 * The nightly job: every file in the inbox, its format named by its subfolder (`inbox/konbini/…`).
 * Files already imported (same bytes) come back as `duplicate`, so the inbox can be re-run safely.
 * Bills go first so the day's payments meet the day's 調定. Only regular files inside the inbox are read:
 * a symbolic link (to /etc/passwd, or to a file of another folder) is refused and named.
 */
@Injectable()
export class BatchService {
  constructor(
    private readonly intake: IntakeService,
    private readonly exports: ExportsService,
  ) {}

  async listInbox(inbox: string): Promise<InboxListing> {
    const listing: InboxListing = { files: [], refused: [] };
    const root = await realpath(inbox);
    const folders = new Set(await readdir(root));
    for (const format of FORMATS) {
      if (!folders.has(format)) continue;
      const dir = join(root, format);
      const folder = await lstat(dir);
      if (!folder.isDirectory()) {
        if (folder.isSymbolicLink())
          listing.refused.push(refusedEntry(format, format, 'フォルダがシンボリックリンクです / the folder is a symbolic link'));
        continue;
      }
      for (const name of (await readdir(dir)).sort()) {
        if (name.startsWith('.') || /\.(md|json)$/i.test(name)) continue;
        const path = join(dir, name);
        const problem = await notARegularFileInside(path, root);
        if (problem) listing.refused.push(refusedEntry(`${format}/${name}`, format, problem));
        else listing.files.push({ path, fileName: name, format });
      }
    }
    return listing;
  }

  /**
   * Imports the inbox, then matches once. `datesFromNames` takes each file as received on the date in
   * its name (SYUNO_20261116.dat → 2026-11-16), for replaying an archive such as samples/.
   */
  async run(
    inbox: string,
    options: { receivedOn: IsoDate; datesFromNames?: boolean; actor?: string },
  ): Promise<IntakeResult & { exports: RunResult[] }> {
    const { files, refused } = await this.listInbox(inbox);
    const imported = await this.intake.intake(
      files.map((f) => ({
        source: { fileName: f.fileName, path: f.path },
        format: f.format,
        receivedOn: options.datesFromNames ? dateInName(f.fileName) : undefined,
      })),
      { receivedOn: options.receivedOn, actor: options.actor ?? BATCH_ACTOR, arrivedVia: 'batch' },
    );
    // 連携出力 after matching (KESHIKOMI_BATCH_EXPORTS): the business systems hear of tonight's payments.
    const exported = await this.exports.afterNightlyMatch(options.actor ?? BATCH_ACTOR);
    return { ...imported, files: [...imported.files, ...refused], exports: exported };
  }
}

/** Why an inbox entry is not read, or null for a regular file whose real path lies inside the inbox. */
async function notARegularFileInside(path: string, root: string): Promise<string | null> {
  const entry = await lstat(path);
  if (entry.isSymbolicLink()) return 'シンボリックリンクは読みません / a symbolic link is not read';
  if (!entry.isFile()) return '通常のファイルではありません / not a regular file';
  const real = await realpath(path);
  return real.startsWith(root + sep) ? null : '受信フォルダの外のファイルです / the file lies outside the inbox';
}

function refusedEntry(file: string, format: FormatCode, message: string): ImportResult {
  return {
    file,
    format,
    status: 'failed',
    records: 0,
    accepted: 0,
    rejected: 0,
    errors: [{ line: null, field: null, message }],
    errorCount: 1,
    warnings: [],
    warningCount: 0,
  };
}

function dateInName(fileName: string): IsoDate | undefined {
  const named = /(20\d{2})(\d{2})(\d{2})/.exec(fileName);
  return named ? `${named[1]}-${named[2]}-${named[3]}` : undefined;
}
