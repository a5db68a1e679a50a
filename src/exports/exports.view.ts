import { FAILED_DEBIT_LABELS } from '../common/labels';
import type { DunningHoldRowDto, ExportRunDto, ExportStatusDto, ExportTargetDto, FailedDebitDto } from './exports.dto';
import type { DunningHoldRow, ExportTargetRow, FailedDebitRow, RunRow, TargetStatusRow } from './exports.repository';

/** The repository's rows as the API answers them. */
export const targetView = (t: ExportTargetRow): ExportTargetDto => ({
  system: t.system,
  name: t.name,
  categories: t.categories,
  encoding: t.encoding,
  dir: t.dir,
  columns: t.columns,
  updatedBy: t.updated_by,
  updatedAt: t.updated_at,
});

export const runView = (r: RunRow): ExportRunDto => ({
  id: r.id,
  system: r.system,
  selection: r.selection,
  fromOn: r.from_on,
  toOn: r.to_on,
  rows: r.rows,
  amount: r.amount,
  encoding: r.encoding,
  fileName: r.file_name,
  filePath: r.file_path,
  sha256: r.sha256,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export const statusView = (s: TargetStatusRow): ExportStatusDto => ({
  system: s.system,
  name: s.name,
  lastRunId: s.last_run_id,
  lastRunAt: s.last_run_at,
  pendingEvents: s.pending_events,
  pendingSince: s.pending_since,
});

export const dunningHoldView = (r: DunningHoldRow): DunningHoldRowDto => ({
  billNumber: r.bill_number,
  payerId: r.payer_id,
  category: r.category_code,
  fiscalYear: r.fiscal_year,
  installment: r.installment,
  dueDate: r.due_date,
  paymentId: r.payment_id,
  paidOn: r.paid_on,
  channel: r.channel,
  amount: r.amount,
  knownAs: r.known_as,
  receivedOn: r.received_on,
});

export const failedDebitView = (r: FailedDebitRow): FailedDebitDto => ({
  id: r.id,
  debitOn: r.debit_on,
  resultCode: r.result_code,
  resultLabel: FAILED_DEBIT_LABELS[r.result_code] ?? 'その他',
  billNumber: r.bill_number,
  payerId: r.payer_id,
  category: r.category_code,
  amount: r.amount,
  followUpNote: r.follow_up_note,
  followedUpBy: r.followed_up_by,
  followedUpAt: r.followed_up_at,
});
