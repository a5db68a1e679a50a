import { ApiError } from '../api';

/** An error as staff should read it: the server's bilingual message, and the id to quote to IT. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const correlationId = error instanceof ApiError ? error.correlationId : undefined;
  return (
    <div className="error" role="alert">
      {message}
      {correlationId && <span className="muted"> （問い合わせ番号 {correlationId}）</span>}
    </div>
  );
}

export function Loading({ label = '読み込み中…' }: { label?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {label}
    </p>
  );
}
