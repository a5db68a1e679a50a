import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import databaseSetup from '../support/global-setup';
import { TEMPLATE_ENV } from '../support/test-database';
import { BROWSER_REQUIRED, chromiumInstalled, CHROMIUM_MISSING, WEB_DIR_ENV } from './chromium';

const ROOT = join(__dirname, '..', '..');

/**
 * Builds the UI of the working tree into a temp dir (dist/web may be stale; Vite takes a few seconds)
 * and makes sure the template database exists, unless chromium is missing and the tests will skip.
 */
export default async function browserGlobalSetup(): Promise<void> {
  if (!chromiumInstalled()) {
    if (!BROWSER_REQUIRED) process.stderr.write(`\n[keshikomi tests] browser tests skipped: ${CHROMIUM_MISSING}\n`);
    return;
  }
  // The integration project's setup may have run first in this process: one template serves both.
  if (!process.env[TEMPLATE_ENV]) await databaseSetup();
  process.env[WEB_DIR_ENV] = buildWeb();
}

function buildWeb(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'keshikomi-web-'));
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', join(ROOT, 'web', 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build of web/ failed:\n${result.stdout}${result.stderr}`);
  return outDir;
}
