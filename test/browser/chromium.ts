import { existsSync } from 'node:fs';

/** Debian's chromium, driven by playwright-core (no browser download). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** CI sets this so a machine without chromium fails the browser tests instead of skipping them. */
export const BROWSER_REQUIRED = process.env.KESHIKOMI_REQUIRE_BROWSER === '1';

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export const CHROMIUM_MISSING = `chromium is missing at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`;

/** Where global-setup builds the web UI for this run (workers inherit the variable). */
export const WEB_DIR_ENV = 'KESHIKOMI_TEST_WEB_DIR';
