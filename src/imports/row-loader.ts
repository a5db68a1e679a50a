import type { QueryRunner } from 'typeorm';
import type { FormatCode } from '../common/codes';
import { bulkWrite, BulkValue } from '../database/bulk-writer';
import type { RecordParser } from './parsers/parser.types';

/**
 * Where a parser's rows go. Implemented by billing (調定) and payments (収納, the counter register); the
 * importer feeds rows in chunks inside its transaction, then calls finish() for the set-based merge.
 */
export interface RowLoader<Row> {
  begin(): Promise<void>;
  add(rows: { line: number; row: Row }[]): Promise<void>;
  /** Merges the staged rows; returns counts for the import's summary. */
  finish(): Promise<Record<string, number>>;
}

/** The import a loader writes for: its transaction, its batch and its format. */
export interface LoadTarget {
  runner: QueryRunner;
  /** COPY on a PostgreSQL server; multi-row INSERTs on the embedded database. */
  useCopy: boolean;
  batchId: number;
  format: FormatCode;
}

/**
 * The importer's port for loading (ROW_LOADERS): one loader per parser target. Imports declares it and
 * never imports the features it loads into; AppModule binds billing's and payments' loaders to it.
 */
export type RowLoaders = { [Target in RecordParser<unknown>['target']]: (into: LoadTarget) => RowLoader<never> };
export const ROW_LOADERS = Symbol('ROW_LOADERS');

/** A staging table of a loader: created for the transaction, filled a chunk at a time. */
export interface StageTable {
  name: string;
  /** The column definitions of CREATE TABLE. */
  definition: string;
  /** The columns rows are written to, `line_no` first. */
  columns: readonly string[];
}

/** A loader that stages its rows in a temporary table before merging them with set-based SQL. */
export abstract class StagedRowLoader<Row> implements RowLoader<Row> {
  protected abstract readonly stage: StageTable;

  constructor(protected readonly into: LoadTarget) {}

  async begin(): Promise<void> {
    await this.into.runner.query(`CREATE TEMP TABLE ${this.stage.name} (${this.stage.definition}) ON COMMIT DROP`);
  }

  async add(rows: { line: number; row: Row }[]): Promise<void> {
    const { runner, useCopy } = this.into;
    await bulkWrite(
      runner,
      useCopy,
      this.stage.name,
      this.stage.columns,
      rows.map(({ line, row }) => [line, ...this.values(row)]),
    );
  }

  abstract finish(): Promise<Record<string, number>>;

  /** A row's values for the stage columns after `line_no`. */
  protected abstract values(row: Row): BulkValue[];
}
