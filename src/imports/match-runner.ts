/**
 * The importer's port for matching (MATCH_RUNNER). An import's entry points (upload, release, CLI, inbox)
 * match once their files are in, yet imports comes before matching and never imports it: it declares
 * what it needs here, and AppModule binds matching's service to it.
 */
export interface MatchRunner {
  /** One matching run over everything undecided, in `actor`'s name. */
  run(actor: string): Promise<MatchRunSummary>;
}

/** What a matching run reports, as the entry points pass it on (`match` of `import --json`). */
export interface MatchRunSummary {
  evaluated: number;
  matched: number;
  reversed: number;
  superseded: number;
  /** Open exceptions by type after the run. */
  flagged: Partial<Record<string, number>>;
}

export const MATCH_RUNNER = Symbol('MATCH_RUNNER');
