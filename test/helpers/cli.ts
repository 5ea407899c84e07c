import { PassThrough } from 'node:stream';
import { main } from '../../src/cli';

/** Runs the CLI in-process (`hf-convert <args>`) and captures what it prints. */
export async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const code = await main(['node', 'hf-convert', ...args], { stdout: out as unknown as NodeJS.WriteStream, stderr: err as unknown as NodeJS.WriteStream });
  return { code, stdout, stderr };
}
