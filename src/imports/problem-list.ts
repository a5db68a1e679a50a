import { visibleControls } from './raw-line';
import type { LineError } from './parsers/parser.types';

/**
 * How many errors and how many warnings a file's result lists (formats.md "General rules"); every one is
 * still kept on the batch's lines, and the API pages them all. 10 MB of garbage must not print 250,000 lines.
 */
export const REPORTED_PROBLEMS = 100;

/** A message as it may be stored (jsonb takes no NUL) and printed: the value a parser quoted may hold any byte. */
export function storableProblem(problem: LineError): LineError {
  const message = visibleControls(problem.message);
  return message === problem.message ? problem : { ...problem, message };
}

/** The first REPORTED_PROBLEMS problems of one kind, in the order they came, and how many there were. */
export class ProblemList {
  readonly first: LineError[] = [];
  count = 0;

  add(problems: readonly LineError[]): void {
    for (const problem of problems) {
      this.count++;
      if (this.first.length < REPORTED_PROBLEMS) this.first.push(problem);
    }
  }
}

/**
 * A file's errors as its result lists them: the problems of the whole file first, then by line. Rejected
 * lines come in line order, so the first of them and the file's control issues hold the first of all.
 */
export function firstErrors(lineErrors: ProblemList, controlIssues: readonly LineError[]): LineError[] {
  return [...lineErrors.first, ...controlIssues]
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.order - b.order)
    .slice(0, REPORTED_PROBLEMS)
    .map(({ problem }) => problem);
}
