import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/app-config';

/** The shortest key accepted: 256 bits, as HMAC-SHA256 wants. */
export const AUDIT_KEY_MIN_BYTES = 32;
export const DEMO_KEY_FILE = 'audit.key';

/**
 * 監査ログの鍵: the HMAC key of the audit chain. It lives in a file or an environment variable that
 * the database never sees, so someone who can write the database cannot forge a row's hash.
 */
export class AuditKey {
  constructor(
    readonly bytes: Buffer | null,
    /** Where it came from, for the start-up log: never the key itself. */
    readonly source: string,
  ) {}
}

function keyFromFile(path: string): Buffer {
  const text = readFileSync(path, 'utf8').trim();
  if (Buffer.byteLength(text) < AUDIT_KEY_MIN_BYTES) {
    throw new Error(`監査ログ鍵が短すぎます / the audit key in ${path} is shorter than ${AUDIT_KEY_MIN_BYTES} bytes`);
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    Logger.warn(`the audit key file ${path} is readable by other users: chmod 600 it`, 'Audit');
  }
  return Buffer.from(text);
}

/** The embedded demo keeps its own key beside its data, made once with mode 0600. */
function demoKeyFile(dataDir: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, DEMO_KEY_FILE);
  if (!existsSync(path)) {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    Logger.log(`made the audit key ${path} (keep a copy: without it the chain cannot be verified)`, 'Audit');
  }
  return path;
}

/**
 * KESHIKOMI_AUDIT_KEY_FILE, else KESHIKOMI_AUDIT_KEY, else — on the embedded database of a data folder —
 * the demo's key file there. Without any, the chain goes on unkeyed and the service says so at start.
 */
type KeySettings = Pick<AppConfig, 'DATABASE_URL' | 'KESHIKOMI_DATA_DIR' | 'KESHIKOMI_AUDIT_KEY' | 'KESHIKOMI_AUDIT_KEY_FILE'>;

export function loadAuditKey(config: KeySettings): AuditKey {
  if (config.KESHIKOMI_AUDIT_KEY_FILE) return new AuditKey(keyFromFile(config.KESHIKOMI_AUDIT_KEY_FILE), config.KESHIKOMI_AUDIT_KEY_FILE);
  if (config.KESHIKOMI_AUDIT_KEY) return new AuditKey(Buffer.from(config.KESHIKOMI_AUDIT_KEY), 'KESHIKOMI_AUDIT_KEY');
  if (!config.DATABASE_URL) {
    const path = demoKeyFile(config.KESHIKOMI_DATA_DIR);
    return new AuditKey(keyFromFile(path), path);
  }
  Logger.warn(
    '監査ログ鍵がありません: 改ざん検知は鍵なしです / no audit key (KESHIKOMI_AUDIT_KEY_FILE or KESHIKOMI_AUDIT_KEY): ' +
      'the audit chain is unkeyed, and whoever can write the database can rewrite it unnoticed',
    'Audit',
  );
  return new AuditKey(null, 'none');
}
