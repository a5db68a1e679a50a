import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const SOURCES = ['src', 'migrations'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * `bin/keshikomi` as operators run it, on this tree's sources: src/ and migrations/ transpiled (no type
 * check: `npm run build` does that) into node_modules/.cache, next to a copy of bin/keshikomi, once per
 * version of the sources. dist/ may be stale or missing, so the tests never use it.
 */
export function builtCli(): string {
  const files = [...SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir))), join(ROOT, 'bin', 'keshikomi')].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  const home = join(ROOT, 'node_modules', '.cache', 'keshikomi-cli', hash.digest('hex').slice(0, 16));
  const bin = join(home, 'bin', 'keshikomi');
  if (existsSync(bin)) return bin;

  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config;
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT);
  const compilerOptions = { ...options, sourceMap: false, incremental: false, tsBuildInfoFile: undefined };
  // Built beside, then renamed: another test file may be building the same version at the same time.
  const building = `${home}.${process.pid}`;
  for (const file of files.filter((f) => f.endsWith('.ts'))) {
    const out = join(building, 'dist', relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file }).outputText);
  }
  mkdirSync(join(building, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'keshikomi'), join(building, 'bin', 'keshikomi'));
  try {
    renameSync(building, home);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return bin;
}

/** The audit key of a configured deployment (without one the CLI warns on stderr, which these tests read). */
const TEST_AUDIT_KEY = 'test-audit-key-0123456789abcdef0123456789';

/** The CLI as a child process with piped stdout and stderr, on the given database. */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [builtCli(), ...args], {
    cwd: ROOT,
    env: { ...process.env, KESHIKOMI_AUDIT_KEY: TEST_AUDIT_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/** Waits for a child started by spawnCli, collecting what it wrote. */
export function finished(child: ChildProcess): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

export async function runCliProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  return finished(spawnCli(args, env));
}
