#!/usr/bin/env node
'use strict';
/**
 * The whole suite: every project (unit, integration, browser) under TZ=UTC (the machines' zone), then
 * the unit tests again under Asia/Tokyo (the city's), because calendar code must not depend on the
 * machine's zone. The browser tests run chromium in Asia/Tokyo themselves; without chromium they are
 * skipped unless KESHIKOMI_REQUIRE_BROWSER=1 (CI).
 */
const { spawnSync } = require('node:child_process');
const jest = require.resolve('jest/bin/jest');
const extra = process.argv.slice(2);

function run(tz, args) {
  process.stderr.write(`\n== jest ${args.join(' ')} (TZ=${tz}) ==\n`);
  // PGlite loads its WebAssembly through a dynamic import, which jest's VM allows only with this flag.
  const r = spawnSync(process.execPath, ['--experimental-vm-modules', jest, ...args, ...extra], { stdio: 'inherit', env: { ...process.env, TZ: tz } });
  return r.status ?? 1;
}

const first = run('UTC', []);
const second = first === 0 ? run('Asia/Tokyo', ['--selectProjects', 'unit']) : 1;
process.exit(first || second);
