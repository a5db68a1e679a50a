import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { todayInTokyo } from '../common/calendar';
import { CHANNEL_LABELS, FAILED_DEBIT_LABELS } from '../common/labels';
import { ExportTable, renderTable, TableFormat, tableCsv } from '../common/table-export';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { ExportError, ExportErrorCode } from './exports.errors';
import { DunningHoldRow, ExportsRepository, ExportTargetRow, FailedDebitRow, RunRow, TargetStatusRow } from './exports.repository';
import { isResultColumn, readResultFile, resultLayout, resultTable } from './result-layout';

/** What one run wrote (contract.md `export results --json`). */
export interface RunResult {
  run: number;
  system: string;
  rows: number;
  amount: number;
  /** Where the file went: the target's folder, or null when it has none. */
  file: string | null;
  fileName: string;
  sha256: string;
}

export interface ResultsRequest {
  /** Events recorded on these Tokyo days (sent or not) instead of those not yet sent. */
  range?: { from: string; to: string };
  /** This run's encoding instead of the system's (`--encoding`). */
  encoding?: 'cp932' | 'utf8';
  actor: string;
}

/**
 * 連携出力: 収納結果 for each business system, the 督促抑止 list and the 振替不能 list. A run selects the
 * events of the system's categories it has not been sent (or those recorded on given days), writes one CSV
 * in its layout and encoding, keeps the bytes with their sha256, notes which events went, and is audited —
 * all in one transaction, the system's row locked so two runs never send an event twice. A re-send gives
 * the kept bytes again.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly db: Database,
    private readonly repo: ExportsRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  private get m(): string {
    return this.config.MUNICIPALITY_CODE;
  }

  targets(): Promise<ExportTargetRow[]> {
    return this.repo.targets(this.db.dataSource, this.m);
  }

  /** 収納結果 for one system: its unsent events (or a range of days), written and recorded. */
  async results(system: string, request: ResultsRequest): Promise<RunResult> {
    if (request.range && request.range.from > request.range.to) {
      throw new ExportError(ExportErrorCode.InvalidRange, '開始日が終了日より後です / the range starts after it ends');
    }
    return this.db.transaction(async (q) => {
      const target = await this.requireTarget(q, system, true);
      const events = request.range
        ? await this.repo.eventsRecorded(q, this.m, target.categories, request.range.from, request.range.to)
        : await this.repo.unsentEvents(q, this.m, target);
      const layout = resultLayout(target.columns.filter(isResultColumn));
      const table = resultTable(layout, events);
      const encoding = request.encoding ?? target.encoding;
      const content = tableCsv(this.exportTable(target, table, request.actor), encoding, true);
      const sha256 = createHash('sha256').update(content).digest('hex');
      // The file is named by its run: the number is taken first, so the run is written once, whole.
      const runId = await this.repo.nextRunId(q);
      const fileName = `${target.system}_${todayInTokyo().replace(/-/g, '')}_${String(runId).padStart(6, '0')}.csv`;
      const filePath = target.dir ? join(target.dir, fileName) : null;
      await this.repo.insertRun(q, {
        id: runId,
        municipalityCode: this.m,
        targetId: target.id,
        selection: request.range ? 'range' : 'since_last',
        fromOn: request.range?.from ?? null,
        toOn: request.range?.to ?? null,
        rows: table.count,
        amount: table.amount,
        encoding,
        fileName,
        filePath,
        sha256,
        content,
        createdBy: request.actor,
      });
      if (!request.range)
        await this.repo.markSent(
          q,
          target.id,
          runId,
          events.map((e) => e.event_id),
        );
      await this.audit.append(q, {
        municipalityCode: this.m,
        actor: request.actor,
        action: 'export.results',
        entity: 'export_run',
        entityId: String(runId),
        after: { system, rows: table.count, amount: table.amount, sha256, file: filePath, range: request.range ?? null },
      });
      // Written inside the transaction: a file that cannot be written sends nothing (the events stay unsent).
      if (filePath) await writeAtomically(filePath, content);
      return { run: runId, system, rows: table.count, amount: table.amount, file: filePath, fileName, sha256 };
    });
  }

  /** Every system's unsent events (the nightly job; `export results` without `--system`). */
  async resultsForAll(actor: string, onlyWithFolder = false): Promise<RunResult[]> {
    const out: RunResult[] = [];
    for (const target of await this.targets()) {
      if (onlyWithFolder && !target.dir) continue;
      out.push(await this.results(target.system, { actor }));
    }
    return out;
  }

  /**
   * The nightly batch's step after matching (KESHIKOMI_BATCH_EXPORTS): `auto` sends each system with a drop
   * folder what it has not been sent; `off` nothing.
   */
  afterNightlyMatch(actor: string): Promise<RunResult[]> {
    if (this.config.KESHIKOMI_BATCH_EXPORTS === 'off') return Promise.resolve([]);
    return this.resultsForAll(actor, true);
  }

  /** The same bytes as the run wrote, written again to the system's folder (or `out`), audited. */
  async resend(runId: number, actor: string): Promise<RunResult & { content: Buffer }> {
    const run = await this.requireRun(runId);
    return this.db.transaction(async (q) => {
      const file = run.dir ? join(run.dir, run.file_name) : null;
      await this.audit.append(q, {
        municipalityCode: this.m,
        actor,
        action: 'export.resend',
        entity: 'export_run',
        entityId: String(run.id),
        after: { system: run.system, rows: run.rows, amount: run.amount, sha256: run.sha256, file },
      });
      if (file) await writeAtomically(file, run.content);
      return { ...this.describe(run), file, content: run.content };
    });
  }

  runs(system: string | undefined, limit = 50): Promise<RunRow[]> {
    return this.repo.runs(this.db.dataSource, this.m, system, limit);
  }

  /** A run's file as it was written (csv), or the same cells as .xlsx with 和暦 beside its dates. */
  async runFile(runId: number, format: 'csv' | 'xlsx', actor: string): Promise<{ body: Buffer; contentType: string; fileName: string }> {
    const run = await this.requireRun(runId);
    if (format === 'csv') {
      const charset = run.encoding === 'utf8' ? 'utf-8' : 'Shift_JIS';
      return { body: run.content, contentType: `text/csv; charset=${charset}`, fileName: run.file_name };
    }
    const { columns, rows } = readResultFile(run.content, run.encoding);
    const rendered = await renderTable(
      {
        title: '収納結果',
        municipality: this.municipalityName(),
        period: `${run.system} 連携 #${run.id}`,
        asOf: new Date(run.created_at),
        printedBy: actor,
        columns,
        rows,
        notes: [`sha256 ${run.sha256}`],
      },
      'xlsx',
    );
    return { body: rendered.body, contentType: rendered.contentType, fileName: run.file_name.replace(/\.csv$/, '.xlsx') };
  }

  status(): Promise<TargetStatusRow[]> {
    return this.repo.status(this.db.dataSource, this.m);
  }

  /** 督促抑止リスト: the system's bills with money received by `asOf` whose 確報 it had not been sent by then. */
  async dunningHold(system: string, asOf: string): Promise<{ target: ExportTargetRow; rows: DunningHoldRow[] }> {
    const target = await this.requireTarget(this.db.dataSource, system);
    return { target, rows: await this.repo.dunningHold(this.db.dataSource, this.m, target, asOf) };
  }

  dunningHoldTable(target: ExportTargetRow, asOf: string, rows: DunningHoldRow[], actor: string): ExportTable {
    return {
      title: '督促抑止リスト',
      municipality: this.municipalityName(),
      period: `${target.name}（${target.system}） ${asOf} 現在`,
      asOf: new Date(),
      printedBy: actor,
      columns: [
        { header: '納付番号', kind: 'text' },
        { header: '宛名番号', kind: 'text' },
        { header: '科目コード', kind: 'text' },
        { header: '賦課年度', kind: 'text' },
        { header: '期別', kind: 'text' },
        { header: '納期限', kind: 'date' },
        { header: '納付日', kind: 'date' },
        { header: '経路', kind: 'text' },
        { header: '納付額', kind: 'yen' },
        { header: '区分', kind: 'text' },
        { header: '記録日', kind: 'date' },
      ],
      rows: rows.map((r) => [
        r.bill_number,
        r.payer_id,
        r.category_code,
        String(r.fiscal_year),
        r.installment,
        r.due_date,
        r.paid_on,
        CHANNEL_LABELS[r.channel as keyof typeof CHANNEL_LABELS] ?? r.channel,
        r.amount,
        r.known_as === 'preliminary' ? '速報' : '確報未送信',
        r.received_on,
      ]),
    };
  }

  async failedDebits(from: string, to: string, onlyOpen = false): Promise<FailedDebitRow[]> {
    if (from > to) throw new ExportError(ExportErrorCode.InvalidRange, '開始日が終了日より後です / the range starts after it ends');
    return this.repo.failedDebits(this.db.dataSource, this.m, from, to, onlyOpen);
  }

  failedDebitsTable(from: string, to: string, rows: FailedDebitRow[], actor: string): ExportTable {
    return {
      title: '口座振替不能一覧',
      municipality: this.municipalityName(),
      period: `引落日 ${from} 〜 ${to}`,
      asOf: new Date(),
      printedBy: actor,
      columns: [
        { header: '引落日', kind: 'date' },
        { header: '振替結果コード', kind: 'text' },
        { header: '振替結果', kind: 'text' },
        { header: '宛名番号', kind: 'text' },
        { header: '納付番号', kind: 'text' },
        { header: '科目コード', kind: 'text' },
        { header: '引落金額', kind: 'yen' },
        { header: '対応', kind: 'text' },
        { header: '対応者', kind: 'text' },
      ],
      rows: rows.map((r) => [
        r.debit_on,
        r.result_code,
        FAILED_DEBIT_LABELS[r.result_code] ?? '',
        r.payer_id,
        r.bill_number,
        r.category_code,
        r.amount,
        r.follow_up_note,
        r.followed_up_by,
      ]),
    };
  }

  /** Marks a 振替不能 followed up (再振替 requested, a 納付書 sent…), with what was done; audited. */
  async followUpFailedDebit(id: number, note: string, actor: string): Promise<void> {
    const text = note.trim();
    if (!text) throw new ExportError(ExportErrorCode.FollowUpNoteRequired, '対応内容を入力してください / say what was done');
    await this.db.transaction(async (q) => {
      if (!(await this.repo.failedDebitExists(q, this.m, id))) {
        throw new ExportError(ExportErrorCode.FailedDebitNotFound, `振替不能 ${id} はありません / failed debit ${id} not found`);
      }
      if (!(await this.repo.followUp(q, this.m, id, text, actor))) {
        throw new ExportError(
          ExportErrorCode.AlreadyFollowedUp,
          `振替不能 ${id} は対応済みです / failed debit ${id} was already followed up`,
        );
      }
      await this.audit.append(q, {
        municipalityCode: this.m,
        actor,
        action: 'failed_debit.follow_up',
        entity: 'failed_debit',
        entityId: String(id),
        after: { note: text },
      });
    });
  }

  /** A table rendered for a person (title block, 和暦 in .xlsx). */
  render(table: ExportTable, format: TableFormat) {
    return renderTable(table, format);
  }

  private municipalityName(): string {
    return this.m === '462144' ? '垂水市 (462144)' : this.m;
  }

  private exportTable(target: ExportTargetRow, table: { columns: ExportTable['columns']; rows: ExportTable['rows'] }, actor: string) {
    return {
      title: '収納結果',
      municipality: this.m,
      period: target.system,
      asOf: new Date(),
      printedBy: actor,
      columns: table.columns,
      rows: table.rows,
    };
  }

  private describe(run: RunRow): RunResult {
    return {
      run: run.id,
      system: run.system,
      rows: run.rows,
      amount: run.amount,
      file: run.file_path,
      fileName: run.file_name,
      sha256: run.sha256,
    };
  }

  private async requireTarget(q: QueryRunner | Database['dataSource'], system: string, lock = false): Promise<ExportTargetRow> {
    const target = await this.repo.target(q, this.m, system, lock);
    if (!target) {
      throw new ExportError(
        ExportErrorCode.TargetNotFound,
        `連携先 ${system} はありません (export-target set) / no export target ${system}`,
      );
    }
    return target;
  }

  private async requireRun(id: number) {
    const run = await this.repo.run(this.db.dataSource, this.m, id);
    if (!run) throw new ExportError(ExportErrorCode.RunNotFound, `連携出力 #${id} はありません / export run ${id} not found`);
    return run;
  }
}

/** Written under a temporary name in the same folder, then renamed: the transfer tool never sees half a file. */
export async function writeAtomically(path: string, content: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}
