import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * The embedded database: PGlite behind its socket server, so the application reaches it through the
 * same `pg` driver, migrations and SQL as a real PostgreSQL server. One process owns a data folder;
 * it records its port in a lock file so a CLI run next to a running service connects to it instead
 * of opening the same files twice.
 */
export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface LockFile {
  pid: number;
  port: number;
}

const LOCK = 'keshikomi.lock';

function urlFor(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port'))));
    });
  });
}

/** Starts an embedded server on dataDir, or reuses the one another local process already runs there. */
export async function startEmbeddedDatabase(dataDir: string | null): Promise<EmbeddedDatabase> {
  let lockPath: string | null = null;
  if (dataDir) {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    lockPath = join(dir, LOCK);
    if (existsSync(lockPath)) {
      const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as LockFile;
      if (processAlive(lock.pid) && (await portAnswers(lock.port))) {
        return { url: urlFor(lock.port), owned: false, stop: async () => undefined };
      }
    }
  }
  const db = await PGlite.create(dataDir ? join(resolve(dataDir), 'pgdata') : undefined);
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 16 });
  await server.start();
  if (lockPath) writeFileSync(lockPath, JSON.stringify({ pid: process.pid, port } satisfies LockFile));
  return {
    url: urlFor(port),
    owned: true,
    stop: async () => {
      await server.stop();
      await db.close();
      if (lockPath) rmSync(lockPath, { force: true });
    },
  };
}
