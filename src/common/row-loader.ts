/**
 * Where a parser's rows go. Implemented by billing (調定) and payments (収納); the importer feeds
 * rows in chunks inside its transaction, then calls finish() for the set-based merge.
 */
export interface RowLoader<Row> {
  begin(): Promise<void>;
  add(rows: { line: number; row: Row }[]): Promise<void>;
  /** Merges the staged rows; returns counts for the import's summary. */
  finish(): Promise<Record<string, number>>;
}
