import type { Readable } from 'node:stream';

/** The first line of a stream (`--password-stdin`): scripts pipe the password in, never on the command line. */
export async function readFirstLine(input: Readable, maxBytes = 4096): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text.includes('\n') || text.length > maxBytes) break;
  }
  return text.split(/\r?\n/)[0];
}

type TtyInput = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

export function isTerminal(input: Readable): boolean {
  return !!(input as TtyInput).isTTY && typeof (input as TtyInput).setRawMode === 'function';
}

/** Asks on stderr and reads a line from the terminal without echoing it. */
export function promptHidden(question: string, input: Readable, output: NodeJS.WritableStream = process.stderr): Promise<string> {
  const tty = input as TtyInput;
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error: Error | null) => {
      tty.setRawMode?.(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const c of chunk.toString()) {
        if (c === '\r' || c === '\n') return done(null);
        if (c === '\u0003' || c === '\u0004') return done(new Error('中断しました / cancelled'));
        value = c === '\u007f' || c === '\b' ? [...value].slice(0, -1).join('') : value + c;
      }
    };
    output.write(question);
    tty.setRawMode?.(true);
    input.on('data', onData);
    input.resume();
  });
}
