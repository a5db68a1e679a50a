import type { ExceptionStatus } from './codes';

/**
 * The exception life cycle, edge by edge, with who may take each edge. It sits with the status codes
 * because both the workflow (people) and matching (the machine) move exceptions, and the web UI offers
 * only these moves: there is one list of them.
 *
 * - `person`: a staff member or manager by hand, always with a reason (担当 takes a case up; handing it
 *   back returns it to the queue);
 * - `resolution`: an applied resolution (処理) closes the case — the only way a person closes one;
 * - `system`: matching closes an untouched flag that no longer holds after re-evaluation (the bill
 *   arrived, the 確報 came). A case a person has taken up is never closed by the machine.
 */
export type Mover = 'person' | 'resolution' | 'system';

export interface LifecycleEdge {
  from: ExceptionStatus;
  to: ExceptionStatus;
  by: Mover;
}

export const EXCEPTION_EDGES: readonly LifecycleEdge[] = [
  { from: 'open', to: 'in_review', by: 'person' },
  { from: 'in_review', to: 'open', by: 'person' },
  { from: 'in_review', to: 'resolved', by: 'resolution' },
  { from: 'in_review', to: 'dismissed', by: 'resolution' },
  { from: 'open', to: 'resolved', by: 'system' },
];

export function mayMove(from: ExceptionStatus, to: ExceptionStatus, by: Mover): boolean {
  return EXCEPTION_EDGES.some((e) => e.from === from && e.to === to && e.by === by);
}

/** Where a mover may take an exception from `from` (the UI's status choices for `person`). */
export function nextStatuses(from: ExceptionStatus, by: Mover): ExceptionStatus[] {
  return EXCEPTION_EDGES.filter((e) => e.from === from && e.by === by).map((e) => e.to);
}

/** The statuses a mover may take an exception from to reach `to`: the guard of a set-based transition. */
export function sourcesOf(to: ExceptionStatus, by: Mover): ExceptionStatus[] {
  return EXCEPTION_EDGES.filter((e) => e.to === to && e.by === by).map((e) => e.from);
}
