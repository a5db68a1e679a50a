import type { Schemas } from '../api';
import { statusLabel } from '../labels';

const TONE: Record<Schemas['ExceptionStatus'], string> = { open: 'bad', in_review: 'warn', resolved: 'ok', dismissed: '' };

/** 未処理 red, 確認中 amber, 解決済 green, 対応不要 grey. */
export function ExceptionStatusBadge({ status }: { status: Schemas['ExceptionStatus'] }) {
  return <span className={`badge ${TONE[status]}`}>{statusLabel(status)}</span>;
}
