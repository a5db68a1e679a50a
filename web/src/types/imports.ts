// Shapes of the import API (src/imports/imports.dto.ts, import.service.ts ImportResult, reconciliation.service.ts IntakeResult).

/** A problem with one line, or with the whole file (line null). */
export interface LineError {
  line: number | null;
  field: string | null;
  message: string;
}

export interface ImportBatch {
  id: number;
  fileName: string;
  format: string;
  sizeBytes: number;
  sha256: string;
  /** imported 取込済, held 取込保留 (waiting for a second person), rejected 差戻し */
  status: 'imported' | 'held' | 'rejected';
  importedBy: string;
  arrivedVia: 'api' | 'cli' | 'batch';
  sourcePath: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  matchPending: boolean;
  receivedOn: string;
  dataCreatedOn: string | null;
  providerCode: string | null;
  records: number;
  accepted: number;
  rejected: number;
  controlsOk: boolean;
  startedAt: string;
  finishedAt: string | null;
}

export interface ControlCheck {
  name: string;
  expected: number | null;
  actual: number;
}

/** One line as it arrived (`GET /api/imports/:id/lines`), decoded for display. */
export interface ImportLine {
  line: number;
  status: 'accepted' | 'rejected' | 'control';
  raw: string;
  errors: LineError[];
}

export interface ImportLinePage {
  items: ImportLine[];
  nextCursor: number | null;
}

export interface ImportBatchDetail extends ImportBatch {
  controls: ControlCheck[];
  controlIssues: LineError[];
  /** The first 100 warnings of `warningCount`. */
  warnings: LineError[];
  warningCount: number;
}

export interface ImportBatchPage {
  items: ImportBatch[];
  nextCursor: number | null;
}

/** One uploaded file's outcome, as `import --json` reports it. */
export interface ImportResult {
  file: string;
  /** `auto` only when the format could not be detected. */
  format: string;
  status: 'imported' | 'duplicate' | 'failed' | 'held';
  records: number;
  accepted: number;
  rejected: number;
  duplicateOf?: number;
  /** The first 100 of `errorCount`. */
  errors: LineError[];
  errorCount: number;
  batchId?: number;
  dryRun?: boolean;
  /** The first 100 of `warningCount`. */
  warnings: LineError[];
  warningCount: number;
}

export interface MatchSummary {
  evaluated: number;
  matched: number;
  reversed: number;
  flagged: Record<string, number>;
  superseded: number;
}

export interface IntakeResult {
  files: ImportResult[];
  match: MatchSummary | null;
}
