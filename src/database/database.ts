import { DataSource, QueryRunner } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { createDataSource } from './data-source';
import { EmbeddedDatabase, startEmbeddedDatabase } from './embedded-postgres';
import { installJobQueue } from './job-queue';

/**
 * Sort and hash memory of a bulk transaction (a file's merge, a matching run): their sorts and hashes cover a whole
 * file, and with the default 4 MB they spill to disk (a 495,000-payment file: the fold and match a third slower).
 * Those transactions are few at a time (one per import kind, one matching run), so the memory is bounded.
 */
const BULK_WORK_MEM = '128MB';

/**
 * The open database: a PostgreSQL server (DATABASE_URL) or the embedded PGlite. PGlite's socket server
 * cannot take COPY FROM STDIN, so bulk writers ask `supportsCopy` and fall back to multi-row INSERTs.
 */
export class Database {
  private constructor(
    readonly dataSource: DataSource,
    readonly embedded: boolean,
    /** Where it is, for a second client of its own (the job queue). */
    readonly url: string,
    private readonly server: EmbeddedDatabase | null,
  ) {}

  get supportsCopy(): boolean {
    return !this.embedded;
  }

  static async open(config: Pick<AppConfig, 'DATABASE_URL' | 'KESHIKOMI_DATA_DIR'>): Promise<Database> {
    const server = config.DATABASE_URL ? null : await startEmbeddedDatabase(config.KESHIKOMI_DATA_DIR);
    const url = config.DATABASE_URL ?? server!.url;
    let dataSource = createDataSource(url);
    try {
      await dataSource.initialize();
      // Decided by the server itself, so a DATABASE_URL that points at a PGlite socket works too.
      const [{ version }]: { version: string }[] = await dataSource.query('SELECT version()');
      const embedded = /PGlite/i.test(version);
      if (embedded) {
        // PGlite is one session behind its socket: statements of concurrent connections interleave
        // and get each other's parameters. One connection queues them in the pool instead.
        await dataSource.destroy();
        dataSource = createDataSource(url, { poolSize: 1 });
        await dataSource.initialize();
      }
      return new Database(dataSource, embedded, url, server);
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await server?.stop();
      throw error;
    }
  }

  /**
   * Runs `work` in one transaction on a connection of its own: committed when it returns, rolled back when
   * it throws. The one way a service opens a transaction (no hand-written BEGIN/COMMIT).
   */
  transaction<T>(work: (q: QueryRunner) => Promise<T>): Promise<T> {
    return this.run(work, false);
  }

  /** A transaction of a set-based load or matching run: given BULK_WORK_MEM on a server (PGlite keeps its own). */
  bulkTransaction<T>(work: (q: QueryRunner) => Promise<T>): Promise<T> {
    return this.run(work, !this.embedded);
  }

  private async run<T>(work: (q: QueryRunner) => Promise<T>, bulk: boolean): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      if (bulk) await runner.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Applies pending migrations; returns their names. On a server, then installs or upgrades the job queue's
   * own schema (pg-boss), so that no process creates it at start; the embedded database has no job queue.
   */
  async migrate(): Promise<string[]> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    if (!this.embedded) await installJobQueue(this.url);
    return applied.map((m) => m.name);
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.server?.stop();
  }
}
