import { useCallback, useState } from 'react';

/**
 * Keyset paging as the API does it: each page is "items after id N". The ids of the pages already
 * seen are kept, so 前へ can go back without the API needing a reverse cursor.
 */
export function useCursor() {
  const [stack, setStack] = useState<number[]>([]);
  const next = useCallback((cursor: number) => setStack((s) => [...s, cursor]), []);
  const previous = useCallback(() => setStack((s) => s.slice(0, -1)), []);
  const reset = useCallback(() => setStack([]), []);
  return { after: stack.at(-1), page: stack.length + 1, next, previous, reset };
}

interface PagerProps {
  page: number;
  nextCursor: number | null | undefined;
  onNext(cursor: number): void;
  onPrevious(): void;
  /** What is paged, for screen readers: 「取込履歴」. */
  label: string;
}

export function Pager({ page, nextCursor, onNext, onPrevious, label }: PagerProps) {
  if (page === 1 && nextCursor == null) return null;
  return (
    <nav className="toolbar" aria-label={`${label}のページ`}>
      <button type="button" onClick={onPrevious} disabled={page === 1}>
        前へ
      </button>
      <span role="status">{page}ページ目</span>
      <button type="button" onClick={() => nextCursor != null && onNext(nextCursor)} disabled={nextCursor == null}>
        次へ
      </button>
    </nav>
  );
}
