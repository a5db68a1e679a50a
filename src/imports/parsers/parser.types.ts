import type { Channel, FormatCode } from '../../common/codes';
import type { IsoDate } from '../../common/calendar';

/**
 * The one small interface every input format implements. A parser is pure: no Nest, no database.
 * The framing layer (framing.ts) cuts the file into records and decodes them; the parser turns each
 * record into a typed row or a rejection, and checks file-level controls when the file ends.
 */

/** A problem with one line, or with the file (line null). Messages are Japanese first, then English. */
export interface LineError {
  line: number | null;
  field: string | null;
  message: string;
}

/** One physical record: a fixed-length record or one CSV record, as the framing cut it (framing.ts). */
export interface SourceRecord {
  /** 1-based line (or record) number in the file: the line the record starts on. */
  line: number;
  /** Byte offset of the record's first byte in the file. */
  offset: number;
  /**
   * The record's exact bytes, without its line break. An over-long record (more than MAX_RECORD_BYTES) keeps only
   * its first MAX_RECORD_BYTES here; `size` says how long it was.
   */
  bytes: Buffer;
  /** The record's length in bytes, without its line break. */
  size: number;
  /** The record decoded for display (fixed length: CP932; CSV: the file's encoding). */
  raw: string;
  /** CSV formats: the fields, split after decoding (absent when the record could not be split: see `fault`). */
  fields?: string[];
  /** Why the framing could not read the record at all (over-long, a quote that never closes): it is rejected. */
  fault?: LineError;
}

export interface ParseContext {
  fileName: string;
  /** The day the file arrived (Tokyo): `--received-on`, default today. */
  receivedOn: IsoDate;
  municipalityCode: string;
  /** CVSコード (3 digits, zero-padded) → channel; data from the cvs_code table. */
  cvsChannels: ReadonlyMap<string, Channel>;
  /** Known revenue category codes (科目コード) of the municipality. */
  categories: ReadonlySet<string>;
  /** eLTAX 税目・料金番号 (3 digits) → 科目コード; data, default `0` + 科目コード. */
  eltaxTaxCodes: ReadonlyMap<string, string>;
  /**
   * Counter QR payouts: business days from the transaction to the credit, per provider key (加盟店ID), from
   * the payout sources (formats.md: `--lag-days`, default 1). Absent or missing a provider: the default.
   */
  qrPayoutLagDays?: ReadonlyMap<string, number>;
}

/** What a parser makes of one record. */
export type RecordOutcome<Row> =
  | { kind: 'row'; row: Row; warnings?: LineError[] }
  /** Header, trailer, end record, CSV header row: read, checked, not a row. */
  | { kind: 'control'; warnings?: LineError[] }
  | { kind: 'rejected'; errors: LineError[] }
  /** The whole file is not this format (e.g. an unreadable header): refuse it, write nothing. */
  | { kind: 'refuse'; message: string };

/** A control the file carries (trailer counts and sums) against what its records add up to. */
export interface ControlCheck {
  name: string;
  expected: number | null;
  actual: number;
}

export interface FileSummary {
  /** File-level problems: missing header/trailer/end record, totals that disagree. */
  controlIssues: LineError[];
  /** The controls that were compared (whether or not they agree), kept on the import batch. */
  controls: ControlCheck[];
  /** 収納代行 code (header, or barcode company code) when the format has one. */
  providerCode?: string | null;
  /** データ作成日 of the file, the latest when it has several groups. */
  dataCreatedOn?: IsoDate | null;
  /** Other notes for the import (unknown CVSコード, …); they do not reject lines. */
  warnings?: LineError[];
}

/** What a format implements: one record at a time, then the file's controls. */
export interface FormatSession<Row> {
  record(rec: SourceRecord): RecordOutcome<Row>;
  finish(): FileSummary;
}

/** A format's session behind the shared guard (record-parser.ts): what every caller of a parser gets. */
export interface ParseSession<Row> extends FormatSession<Row> {
  /**
   * formats.md's end-of-file rule, shared by the importer and parseBuffer: the reason to refuse the whole file
   * when it held no record, or not one record this format accepts; null when the file is to be imported.
   */
  refusalAtEnd(): string | null;
}

export type Framing = { kind: 'fixed'; width: number } | { kind: 'csv' };

export interface RecordParser<Row> {
  readonly format: FormatCode;
  readonly framing: Framing;
  /** What the rows are loaded into. */
  readonly target: 'bills' | 'payments' | 'register' | 'statement';
  start(ctx: ParseContext): ParseSession<Row>;
  /**
   * A record's bytes as they may be stored (import lines, accepted or rejected), for formats whose records carry
   * personal data (全銀 預金者名): that data masked, the length unchanged. Without it, `rec.bytes` is kept.
   */
  redactRaw?(rec: SourceRecord): Buffer;
}

/** 調定: one bill version. */
export interface BillRow {
  municipalityCode: string;
  billNumber: string;
  categoryCode: string;
  fiscalYear: number;
  /** 会計年度 when the file states it (optional column), else null: the fiscal year of the 納期限. */
  accountingYear: number | null;
  installment: string;
  dueDate: IsoDate;
  amount: number;
  payerId: string;
  status: 'active' | 'cancelled';
  updatedOn: IsoDate;
}

/**
 * What one payment record says. Records that describe the same payment (a 速報 and its 確報, a
 * cancellation and its original) share a pairingKey; ingest folds them into one payment.
 */
export type PaymentRecordKind =
  /** 速報 (preliminary). */
  | 'preliminary'
  /** 確報 (final) or any settled record with no preliminary stage. */
  | 'final'
  /** Reverses the payment with the same pairingKey (速報取消, 取消区分 1, refund, void). */
  | 'cancel'
  /** Replaces the amount of the payment with the same pairingKey (郵便振替訂正 `22`). */
  | 'correction'
  /** A 口座振替 that did not go through (振替結果コード ≠ 0): kept and counted, never a payment. */
  | 'failed_debit';

export interface PaymentRow {
  municipalityCode: string;
  kind: PaymentRecordKind;
  /** Unique per payment within the municipality; includes the format family and provider. */
  pairingKey: string;
  channel: Channel;
  /** 収納代行 / provider code. */
  providerCode: string | null;
  /** 16-digit 納付番号 as read (even when its check digit fails); null for counter payments. */
  billNumber: string | null;
  /** The check digits of 納付番号 (and barcode, where there is one) verify. */
  referenceValid: boolean;
  /** The provider's own id for the payment (受付番号, 取引番号, 決済ID, barcode). */
  paymentRef: string | null;
  paidOn: IsoDate;
  /** HH:MM:SS in Tokyo, when the format has a time. */
  paidTime: string | null;
  amount: number;
  /** 振込予定日 / 入金予定日 / 払込予定日 / 払込日, as the file states it. */
  depositDueOn: IsoDate | null;
  /**
   * 収入日: the day the money reaches the city's account as the file schedules it (formats.md "収入日 and payout
   * keys"); null while only a 速報 is known. The books run by it; the deposits reconciliation checks it.
   */
  incomeOn: IsoDate | null;
  /** False for records that never have a 速報 (郵便振替 `12`/`22`): never flagged final_only. */
  expectsPreliminary: boolean;
  /** CVSコード (3 digits) and 店舗コード where the format has them. */
  cvsCode?: string | null;
  storeCode?: string | null;
  /** eLTAX 納付手段区分. */
  meansCode?: string | null;
  /** システム利用料 etc.: kept for information, never part of the matched amount. */
  feeAmount?: number | null;
  /** 科目コード when the record names it apart from a 納付番号 (eLTAX 税目, card 科目コード). */
  categoryCode?: string | null;
  /** 全銀 振替結果コード of a 口座振替 record. */
  resultCode?: string | null;
  /** A payer name as the provider sent it, masked (first character + ＊): personal data is never stored whole. */
  payerNameMasked?: string | null;
}

/**
 * `city-cash`: one row of the city-hall counter register (窓口収納日計). It is both the charge and
 * its receipt (随時収入); a `cash` row settles itself, a `qr` row expects the provider's transaction.
 */
export interface CounterReceiptRow {
  municipalityCode: string;
  /** 受付番号 */
  receiptNo: string;
  receivedOn: IsoDate;
  /** HH:MM:SS */
  receivedTime: string;
  /** 窓口コード */
  counterCode: string;
  categoryCode: string;
  /** 件数 (e.g. 3 住民票) */
  quantity: number;
  amount: number;
  method: 'cash' | 'qr';
  /** The provider's 取引番号 for a QR row. */
  qrTransactionId: string | null;
  /** 取消区分 1: voids the row with the same 受付番号. */
  voids: boolean;
}

/**
 * `zengin-deposit`: one record of the bank's 入出金取引明細 of the city's account. Never a payment: the third
 * leg of the deposits reconciliation. An `account` row is a header (the account and the 勘定日 the statement
 * covers: its clock, even when no money moved); an `entry` row one 入金 or 出金.
 */
export type StatementRow = StatementAccountRow | StatementEntryRow;

/** The account a statement group is for (銀行番号, 支店番号, 預金種目, 口座番号). */
export interface StatementAccount {
  bankCode: string;
  branchCode: string;
  accountType: string;
  accountNo: string;
}

export interface StatementAccountRow {
  kind: 'account';
  municipalityCode: string;
  account: StatementAccount;
  accountName: string;
  /** 作成日 */
  createdOn: IsoDate;
  /** 勘定日自 / 勘定日至: the days the statement covers. */
  coveredFrom: IsoDate;
  coveredTo: IsoDate;
  /** 取引前残高 (negative when 貸越). */
  openingBalance: number;
}

export interface StatementEntryRow {
  kind: 'entry';
  municipalityCode: string;
  account: StatementAccount;
  /** 照会番号 */
  referenceNo: string;
  /** 勘定日 */
  bookedOn: IsoDate;
  /** 預入・払出日 (null when zeros). */
  valueOn: IsoDate | null;
  /** 入払区分 `1` 入金 / `2` 出金 */
  direction: 'credit' | 'debit';
  /** 取引区分 (`10` 現金, `11` 振込, …) */
  transactionCode: string;
  amount: number;
  /** うち他店券金額 */
  otherBankAmount: number;
  /** 振込依頼人コード, 振込依頼人名 (半角カナ as the bank shows it), 仕向銀行名, 仕向店名, 摘要内容, EDI情報 */
  payerCode: string | null;
  payerName: string | null;
  remittingBank: string | null;
  remittingBranch: string | null;
  description: string | null;
  edi: string | null;
}
