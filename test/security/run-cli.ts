import { Readable } from 'node:stream';
import { runCli } from '../../src/cli';

/** The CLI as an operator runs it: argv in, stdout and stderr captured, the exit code out. */
export async function cli(argv: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true));
  try {
    const io = { stdin: stdin === undefined ? Readable.from([]) : Readable.from([Buffer.from(stdin)]) };
    return { code: await runCli(argv, io), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
