import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';

export type ReadOutcome =
  | { ok: true; text: string; hash: string; warnings: string[] }
  | { ok: false; status: 'failed' | 'skipped'; reason: string };

/** How much of a file is checked for NUL bytes: git uses the same heuristic. */
const BINARY_SNIFF_BYTES = 8000;

/** Reads one legacy file as text, turning every way that can go wrong into a reason. */
export function readLegacyFile(absPath: string): ReadOutcome {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code ?? String(error);
    return { ok: false, status: 'failed', reason: `cannot read: ${why}` };
  }
  return decodeLegacyBytes(bytes);
}

export function decodeLegacyBytes(bytes: Buffer): ReadOutcome {
  if (bytes.length === 0) return { ok: false, status: 'skipped', reason: 'empty file' };
  const nul = bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  if (nul >= 0) return { ok: false, status: 'failed', reason: `binary file: NUL byte at offset ${nul}; not a script` };
  const hash = createHash('sha1').update(bytes).digest('hex');
  const warnings: string[] = [];
  let text: string;
  if (isUtf8(bytes)) {
    text = bytes.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  } else {
    // Old Windows-edited scripts are usually Latin-1/CP-1252; decoding that way keeps every byte.
    text = bytes.toString('latin1');
    warnings.push(`not valid UTF-8 (first invalid byte at offset ${firstInvalidUtf8Offset(bytes)}); decoded as Latin-1`);
  }
  if (text.trim() === '') return { ok: false, status: 'skipped', reason: 'empty file (only white space)' };
  return { ok: true, text, hash, warnings };
}

function firstInvalidUtf8Offset(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return bytes.length;
}
