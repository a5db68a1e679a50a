import { RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { ErrorMessage } from './Feedback';

interface Outcome {
  message?: string;
  error?: unknown;
}

/**
 * The result of a user's action: `run()` performs it and reports success or the server's refusal;
 * focus then moves to the message so keyboard and screen-reader users learn what happened.
 */
export function useActionStatus() {
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (outcome) ref.current?.focus();
  }, [outcome]);

  /** Resolves true when the action succeeded; `action` returns the message to show. */
  const run = useCallback(async (action: () => Promise<string>): Promise<boolean> => {
    setBusy(true);
    try {
      setOutcome({ message: await action() });
      return true;
    } catch (error) {
      setOutcome({ error });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const clear = useCallback(() => setOutcome(undefined), []);

  return { outcome, busy, run, clear, ref };
}

export function ActionStatus({ outcome, statusRef }: { outcome: Outcome | undefined; statusRef: RefObject<HTMLDivElement | null> }) {
  return (
    <div ref={statusRef} tabIndex={-1} className="action-status">
      {outcome?.error ? (
        <ErrorMessage error={outcome.error} />
      ) : (
        outcome?.message && (
          <p className="notice" role="status">
            {outcome.message}
          </p>
        )
      )}
    </div>
  );
}
