import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { EncodingProbe, TextEncoding } from './parsers/framing';

/** A file to import: a path on disk (read twice, streamed) or bytes already in memory. */
export interface ImportSource {
  fileName: string;
  path?: string;
  bytes?: Buffer;
}

/** Enough of a file's head for a handful of records of any format. */
const HEAD_BYTES = 64 * 1024;

/** The first bytes of a file, for telling its format. */
export async function fileHead(source: ImportSource): Promise<Buffer> {
  if (source.bytes) return source.bytes.subarray(0, HEAD_BYTES);
  const parts: Buffer[] = [];
  for await (const chunk of createReadStream(source.path!, { start: 0, end: HEAD_BYTES - 1 })) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** First pass: hash, size and (for CSV) the text encoding, in constant memory. */
export async function fileFingerprint(source: ImportSource): Promise<{ sha256: string; size: number; encoding: TextEncoding }> {
  const hash = createHash('sha256');
  const probe = new EncodingProbe();
  let size = 0;
  for await (const chunk of fileChunks(source)) {
    hash.update(chunk);
    probe.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size, encoding: probe.result() };
}

/** A file's bytes as they are read, a MiB at a time from disk. */
export function fileChunks(source: ImportSource): AsyncIterable<Buffer> | Buffer[] {
  if (source.bytes) return [source.bytes];
  if (!source.path) throw new Error('ImportSource needs a path or bytes');
  return createReadStream(source.path, { highWaterMark: 1 << 20 });
}
