import { FormEvent, useState } from 'react';
import type { Schemas } from '../api';
import { dateTime } from '../format';

interface Props {
  comments: Schemas['CommentDto'][];
  /** Absent for read-only roles. */
  onAdd?(body: string): Promise<boolean>;
}

export function CaseComments({ comments, onAdd }: Props) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!onAdd) return;
    setBusy(true);
    if (await onAdd(body)) setBody('');
    setBusy(false);
  }

  return (
    <section className="card panel" aria-labelledby="comments-title">
      <h2 id="comments-title">コメント（{comments.length}件）</h2>
      {comments.length > 0 && (
        <ol className="comments">
          {comments.map((c) => (
            <li key={c.id}>
              <div className="muted">
                {c.author}・{dateTime(c.createdAt)}
              </div>
              <p>{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {onAdd && (
        <form onSubmit={submit}>
          <label>
            コメントを追加
            <textarea value={body} onChange={(e) => setBody(e.target.value)} required maxLength={4000} />
          </label>
          <div className="actions">
            <button type="submit" disabled={busy}>
              コメントを追加
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
