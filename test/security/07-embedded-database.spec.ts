import { Client } from 'pg';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmbeddedDatabase } from '../../src/database/embedded-postgres';

/**
 * issue #6 finding 7: the embedded PGlite listened on a loopback port, written to a world-readable lock
 * file, as a password-less superuser: any local user could connect. Now it listens on a Unix socket in a
 * folder only its OS user may enter, and the lock file and data folder are that user's alone; a CLI run
 * by the same user next to the service still finds it.
 */
describe('finding 7: the embedded database is reachable by its own OS user only', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keshikomi-f7-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('listens on a Unix socket in a 0700 folder, named in a 0600 lock file, and shares it with a second process', async () => {
    const server = await startEmbeddedDatabase(dataDir);
    try {
      const url = new URL(server.url);
      expect(url.port).toBe('');
      const socketDir = decodeURIComponent(url.hostname);
      expect(socketDir.startsWith('/')).toBe(true);
      expect(statSync(socketDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(socketDir, '.s.PGSQL.5432')).isSocket()).toBe(true);

      const lockPath = join(dataDir, 'keshikomi.lock');
      expect(statSync(lockPath).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
      expect(lock).not.toHaveProperty('port');
      expect(lock.socketDir).toBe(socketDir);

      // The CLI beside a running service: the same OS user finds the server through the lock file.
      const second = await startEmbeddedDatabase(dataDir);
      expect(second.owned).toBe(false);
      expect(second.url).toBe(server.url);
      const client = new Client({ connectionString: second.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
      await second.stop();
    } finally {
      await server.stop();
    }
    expect(() => statSync(join(dataDir, 'keshikomi.lock'))).toThrow();
  });

  it("gives an in-memory database (the tests' embedded mode) a private socket folder too, removed at stop", async () => {
    const server = await startEmbeddedDatabase(null);
    const socketDir = decodeURIComponent(new URL(server.url).hostname);
    expect(statSync(socketDir).mode & 0o777).toBe(0o700);
    expect(dirname(socketDir)).toBe(tmpdir());
    await server.stop();
    expect(() => statSync(socketDir)).toThrow();
  });
});
