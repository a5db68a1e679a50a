import * as argon2 from 'argon2';
import { Client } from 'pg';
import { Readable } from 'node:stream';
import { runCli } from '../../src/cli';
import { openTestDatabase, TestDatabase } from '../support/test-database';

/** `keshikomi user add` as an operator runs it: the password on stdin, never on the command line. */
async function cli(argv: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true));
  try {
    return {
      code: await runCli(argv, { stdin: stdin === undefined ? Readable.from([]) : Readable.from([Buffer.from(stdin)]) }),
      stdout,
      stderr,
    };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('keshikomi user', () => {
  let db: TestDatabase;
  const users = async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(`SELECT login_name, display_name, role, password_hash, disabled FROM app_user ORDER BY id`)).rows;
    } finally {
      await client.end();
    }
  };
  beforeAll(async () => {
    db = await openTestDatabase();
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  it('user add --password-stdin --json creates the user with an argon2id hash and prints one JSON document', async () => {
    const r = await cli(
      ['user', 'add', 'Yamada', '--role', 'manager', '--name', '山田 太郎', '--password-stdin', '--json'],
      'kaikei-kachou-2026\n',
    );
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      user: { id: expect.any(Number), loginName: 'yamada', displayName: '山田 太郎', role: 'manager' },
    });
    expect(r.stdout).not.toMatch(/password|argon2|kaikei-kachou/i);
    const [row] = await users();
    expect(row).toMatchObject({ login_name: 'yamada', display_name: '山田 太郎', role: 'manager', disabled: false });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await argon2.verify(row.password_hash, 'kaikei-kachou-2026')).toBe(true);
  });

  it('without --json prints one line for people', async () => {
    const r = await cli(['user', 'add', 'sato', '--role', 'auditor', '--password-stdin'], 'kansa-iin-jimukyoku\r\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^created user sato \(auditor\) #\d+\n$/);
    const sato = (await users()).find((u) => u.login_name === 'sato');
    expect(await argon2.verify(sato.password_hash, 'kansa-iin-jimukyoku')).toBe(true);
  });

  it('refuses a password shorter than 12 characters with exit 2 and creates nobody', async () => {
    const r = await cli(['user', 'add', 'weakling', '--role', 'staff', '--password-stdin', '--json'], 'short-pw11\n');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('12');
    expect((await users()).map((u) => u.login_name)).not.toContain('weakling');
  });

  it('refuses a taken login name, an unknown role and a malformed name with exit 2', async () => {
    const taken = await cli(['user', 'add', 'yamada', '--role', 'staff', '--password-stdin'], 'another-long-password\n');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('yamada');
    expect((await cli(['user', 'add', 'kimura', '--role', 'root', '--password-stdin'], 'another-long-password\n')).code).toBe(2);
    expect((await cli(['user', 'add', 'no spaces', '--role', 'staff', '--password-stdin'], 'another-long-password\n')).code).toBe(2);
    expect((await cli(['user', 'add', 'kimura', '--password-stdin'], 'another-long-password\n')).code).toBe(2);
  });

  it('asks for --password-stdin when stdin is not a terminal', async () => {
    const r = await cli(['user', 'add', 'kimura', '--role', 'staff'], 'another-long-password\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--password-stdin');
  });

  it('user list --json lists users without their hashes', async () => {
    const r = await cli(['user', 'list', '--json']);
    expect(r.code).toBe(0);
    const { users: listed } = JSON.parse(r.stdout);
    expect(listed.map((u: { loginName: string }) => u.loginName)).toEqual(['yamada', 'sato']);
    expect(r.stdout).not.toMatch(/password|argon2/i);
  });
});
