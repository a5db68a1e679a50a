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
  status: string;
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

export interface RejectedLine {
  line: number;
  raw: string;
  errors: LineError[];
}

export interface ImportBatchDetail extends ImportBatch {
  controls: ControlCheck[];
  controlIssues: LineError[];
  warnings: LineError[];
  rejectedLines: RejectedLine[];
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
  status: 'imported' | 'duplicate' | 'failed';
  records: number;
  accepted: number;
  rejected: number;
  duplicateOf?: number;
  errors: LineError[];
  batchId?: number;
  dryRun?: boolean;
  warnings: LineError[];
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
