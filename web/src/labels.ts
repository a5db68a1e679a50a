// Japanese names for the codes the API returns; the server's tables are the source, and the API's unions make a
// missing name a build error.
import type { Schemas } from './api';
import { EXCEPTION_TYPES, EXCEPTION_STATUSES, CHANNELS, FORMATS } from '../../src/common/codes';
import { CHANNEL_LABELS, ELTAX_MEANS_LABELS, PAYOUT_STATUS_LABELS, RESOLUTION_LABELS, YEAR_CLASS_LABELS } from '../../src/common/labels';

export {
  CHANNEL_LABELS,
  ELTAX_MEANS_LABELS,
  PAYOUT_STATUS_LABELS,
  RESOLUTION_LABELS,
  EXCEPTION_TYPES,
  EXCEPTION_STATUSES,
  CHANNELS,
  FORMATS,
};

export const STATUS_LABELS: Record<Schemas['ExceptionStatus'], string> = {
  open: '未処理',
  in_review: '確認中',
  resolved: '解決済',
  dismissed: '対応不要',
};

export const FORMAT_LABELS: Record<Schemas['FormatCode'], string> = {
  bills: '調定データ',
  konbini: 'コンビニ収納（固定長）',
  'konbini-csv': 'コンビニ収納（CSV）',
  'qr-counter': '窓口QR決済（PayPay）',
  'city-cash': '窓口レジ',
  'bank-counter': '指定金融機関 OCR',
  eltax: 'eLTAX 納付情報',
  'credit-card': 'クレジットカード',
  'zengin-furikae': '口座振替結果（全銀）',
  'zengin-deposit': '入金明細（全銀）',
};

export const ROLE_LABELS: Record<Schemas['Role'], string> = {
  staff: '会計課職員',
  manager: '会計課長',
  finance: '財政課',
  auditor: '監査',
  admin: '管理者',
  operator: '運用アカウント',
};

/** A code from anywhere (an audit row's before and after too): its name, or the code itself. */
const nameOf = (labels: Record<string, string>, code: string) => labels[code] ?? code;
export const channelLabel = (code: string | null | undefined) => (code ? nameOf(CHANNEL_LABELS, code) : '—');
export const typeLabel = (code: string) => nameOf(EXCEPTION_TYPES, code);
export const statusLabel = (code: string) => nameOf(STATUS_LABELS, code);
export const formatLabel = (code: string) => nameOf(FORMAT_LABELS, code);
export const yearClassLabel = (code: Schemas['YearClass']) => YEAR_CLASS_LABELS[code];

/** 夜間取込: who started a run, where it stands, what became of each file. */
export const BATCH_TRIGGER_LABELS: Record<Schemas['BatchTrigger'], string> = {
  schedule: '定時実行',
  cli: 'コマンド',
};

export const BATCH_RUN_STATUS_LABELS: Record<Schemas['BatchRunStatus'], string> = {
  importing: '取込中',
  matching: '消込中',
  finished: '完了',
  failed: '失敗',
};

export const BATCH_FILE_STATUS_LABELS: Record<Schemas['BatchFileStatus'], string> = {
  queued: '待機中',
  imported: '取込済',
  duplicate: '重複（取込済み）',
  failed: '取込不可',
  error: '障害（次回再試行）',
};
