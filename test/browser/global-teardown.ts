import { rmSync } from 'node:fs';
import databaseTeardown from '../support/global-teardown';
import { WEB_DIR_ENV } from './chromium';

export default async function browserGlobalTeardown(): Promise<void> {
  const webDir = process.env[WEB_DIR_ENV];
  if (webDir) rmSync(webDir, { recursive: true, force: true });
  await databaseTeardown();
}
