import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { IsoDate } from '../common/calendar';

/** Folders of the inbox that housekeeping fills: never read as formats. */
export const ARCHIVE_FOLDER = 'archive';
export const FAILED_FOLDER = 'failed';

/** Where a file of the inbox goes once the night is done with it, relative to the inbox. */
export function destinationOf(relativePath: string, outcome: 'archive' | 'failed', night: IsoDate): string {
  return outcome === 'archive' ? join(ARCHIVE_FOLDER, night, relativePath) : join(FAILED_FOLDER, relativePath);
}

/**
 * Moves an inbox file to its destination (archive/YYYY-MM-DD/<format>/… or failed/<format>/…), beside a
 * `.error.txt` saying why when it was refused. A rename within the inbox: atomic, and repeatable — a file
 * already moved by an earlier attempt (killed before it recorded the move) is left where it is. A name taken
 * by another delivery gets a numbered suffix, so nothing in the archive is ever overwritten.
 */
export async function moveOutOfInbox(inbox: string, relativePath: string, destination: string, errorText?: string): Promise<string> {
  const from = join(inbox, relativePath);
  if (!(await exists(from))) return destination;
  let target = destination;
  for (let n = 1; await exists(join(inbox, target)); n++) target = `${destination}.${n}`;
  await mkdir(dirname(join(inbox, target)), { recursive: true });
  if (errorText !== undefined) await writeFile(join(inbox, `${target}.error.txt`), errorText, 'utf8');
  await rename(from, join(inbox, target));
  return target;
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
