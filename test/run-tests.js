#!/usr/bin/env node
'use strict';
/**
 * The whole suite: lint and format first (ESLint, Prettier: `npm run lint`), then every project (unit,
 * integration, browser) under TZ=UTC (the machines' zone), then the unit tests again under Asia/Tokyo (the
 * city's), because calendar code must not depend on the machine's zone. The browser tests run chromium in
 * Asia/Tokyo themselves; without chromium they are skipped unless KESHIKOMI_REQUIRE_BROWSER=1 (CI). Each
 * phase's wall time and the total go to stderr.
 */
const { spawnSync } = require('node:child_process');
const jest = require.resolve('jest/bin/jest');
const extra = process.argv.slice(2);

/**
 * The fuzz spec's properties (no crash, every line accounted for, exact bytes, the same result however the
 * file is chunked) compare a parse with itself, never with a date: they cannot tell one zone from another.
 * The Tokyo pass keeps a short run of it as a smoke test; the zone is checked by the parsers' and the
 * calendar's own specs, which run in full. FUZZ_RUNS set by the caller applies to both passes.
 */
const TOKYO_FUZZ_RUNS = '100';

const seconds = (since) => (Number(process.hrtime.bigint() - since) / 1e9).toFixed(1);
const phases = [];

function run(label, tz, args, env = {}) {
  // The caller's arguments first: `--selectProjects` takes every name after it, a path pattern too.
  const argv = [...extra, ...args];
  process.stderr.write(`\n== ${label}: jest ${argv.join(' ')} (TZ=${tz}) ==\n`);
  const started = process.hrtime.bigint();
  // PGlite loads its WebAssembly through a dynamic import, which jest's VM allows only with this flag.
  const r = spawnSync(process.execPath, ['--experimental-vm-modules', jest, ...argv], {
    stdio: 'inherit',
    env: { ...process.env, ...env, TZ: tz },
  });
  const status = r.status ?? 1;
  phases.push(`${label} (TZ=${tz}): ${seconds(started)} s${status === 0 ? '' : `, failed (exit ${status})`}`);
  return status;
}

/** `npm run lint`: a lint or format problem fails the suite like a failing test (skipped when a path is given). */
function lint() {
  const started = process.hrtime.bigint();
  process.stderr.write('\n== lint: eslint . && prettier --check . ==\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const status = spawnSync(npm, ['run', '--silent', 'lint'], { stdio: 'inherit' }).status ?? 1;
  phases.push(`lint: ${seconds(started)} s${status === 0 ? '' : `, failed (exit ${status})`}`);
  return status;
}

const started = process.hrtime.bigint();
const linted = extra.length ? 0 : lint();
const first = run('every project', 'UTC', []);
const second =
  first === 0 ? run('unit tests', 'Asia/Tokyo', ['--selectProjects', 'unit'], { FUZZ_RUNS: process.env.FUZZ_RUNS ?? TOKYO_FUZZ_RUNS }) : 1;
process.stderr.write(`\n== wall time ==\n${phases.map((p) => `  ${p}`).join('\n')}\n  total: ${seconds(started)} s\n`);
process.exit(linted || first || second);
