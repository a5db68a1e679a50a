import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { AuthError, AuthErrorCode } from './auth.errors';

export const MIN_PASSWORD_LENGTH = 12;

/** Length is what makes a password strong enough here; composition rules only make it harder to remember. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください / the password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  return null;
}

export function assertStrongPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new AuthError(AuthErrorCode.WeakPassword, problem);
}

/** argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes: above OWASP's minimum). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/** Verified against when the login name is unknown, so an unknown name takes as long as a wrong password. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
