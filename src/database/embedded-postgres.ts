import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The embedded database: PGlite behind its socket server, so the application reaches it through the
 * same `pg` driver, migrations and SQL as a real PostgreSQL server. PGlite has one password-less
 * superuser, so it listens on a Unix socket in a folder only this OS user may enter (mode 0700), never
 * on a TCP port another local user could reach. One process owns a data folder (0700); it names its
 * socket folder in a lock file (0600) so a CLI run by the same user next to a running service connects
 * to it instead of opening the same files twice.
 */
export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface LockFile {
  pid: number;
  socketDir: string;
}

const LOCK = 'keshikomi.lock';
/** libpq and `pg` look for `<folder>/.s.PGSQL.<port>`: the port only names the file. */
const SOCKET_FILE = '.s.PGSQL.5432';

function urlFor(socketDir: string): string {
  return `postgres://postgres@${encodeURIComponent(socketDir)}/postgres`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function socketAnswers(socketDir: string): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ path: join(socketDir, SOCKET_FILE) });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function readLock(lockPath: string): LockFile | null {
  try {
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockFile>;
    return typeof lock.pid === 'number' && typeof lock.socketDir === 'string' ? (lock as LockFile) : null;
  } catch {
    return null;
  }
}

/** Starts an embedded server on dataDir, or reuses the one another local process already runs there. */
export async function startEmbeddedDatabase(dataDir: string | null): Promise<EmbeddedDatabase> {
  let lockPath: string | null = null;
  if (dataDir) {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // The folder holds the database files and the demo's audit key: this user's alone.
    chmodSync(dir, 0o700);
    lockPath = join(dir, LOCK);
    const lock = existsSync(lockPath) ? readLock(lockPath) : null;
    if (lock && processAlive(lock.pid) && (await socketAnswers(lock.socketDir))) {
      return { url: urlFor(lock.socketDir), owned: false, stop: async () => undefined };
    }
  }
  const db = await PGlite.create(dataDir ? join(resolve(dataDir), 'pgdata') : undefined);
  // mkdtemp makes the folder with mode 0700; in the system's temp folder the socket path stays short
  // (a Unix socket path has at most 107 bytes), wherever the data folder is.
  const socketDir = mkdtempSync(join(tmpdir(), 'keshikomi-pg-'));
  const server = new PGLiteSocketServer({ db, path: join(socketDir, SOCKET_FILE), maxConnections: 16 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    rmSync(socketDir, { recursive: true, force: true });
    throw error;
  }
  if (lockPath) {
    // A stale lock of a process that is gone is replaced, not rewritten: a new file gets mode 0600.
    rmSync(lockPath, { force: true });
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, socketDir } satisfies LockFile), { mode: 0o600, flag: 'wx' });
  }
  return {
    url: urlFor(socketDir),
    owned: true,
    stop: async () => {
      await server.stop();
      await db.close();
      rmSync(socketDir, { recursive: true, force: true });
      if (lockPath) rmSync(lockPath, { force: true });
    },
  };
}
