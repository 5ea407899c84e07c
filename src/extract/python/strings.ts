/** Python string-literal decoding (the token was already delimited by the tokenizer). */

/** Prefix flags packed into a STRING token's aux word by the tokenizer. */
export const STR_RAW = 1;
export const STR_BYTES = 2;
export const STR_FORMAT = 4;
export const STR_UNTERMINATED = 8;
/** The body contains a backslash. */
export const STR_ESCAPES = 16;
export const STR_FLAG_MASK = 31;
export const STR_PREFIX_SHIFT = 5;
export const STR_QUOTE_SHIFT = 9;

/**
 * Decodes the body `src[from, to)` of a Python string literal. Raw strings are returned as-is;
 * f-strings decode their escapes but keep `{expr}` replacement fields as written.
 */
export function decodePythonString(src: string, from: number, to: number, flags: number): string {
  if (flags & STR_RAW || !(flags & STR_ESCAPES)) return src.slice(from, to);
  const firstBackslash = src.indexOf('\\', from);
  if (firstBackslash === -1 || firstBackslash >= to) return src.slice(from, to);
  let out = src.slice(from, firstBackslash);
  let i = firstBackslash;
  const bytes = (flags & STR_BYTES) !== 0;
  while (i < to) {
    const c = src.charCodeAt(i);
    if (c !== 92 /* \ */ || i + 1 >= to) {
      const next = src.indexOf('\\', i + 1);
      const stop = next === -1 || next >= to ? to : next;
      out += src.slice(i, stop);
      i = stop;
      continue;
    }
    const e = src[i + 1];
    i += 2;
    switch (e) {
      case '\n': break; // backslash-newline joins lines
      case '\r': if (src[i] === '\n') i++; break;
      case '\\': out += '\\'; break;
      case "'": out += "'"; break;
      case '"': out += '"'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'x':
      case 'u':
      case 'U': {
        const digits = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const code = bytes && e !== 'x' ? -1 : hexCode(src, i, to, digits);
        if (code >= 0) {
          out += String.fromCodePoint(code);
          i += digits;
        } else out += '\\' + e; // malformed (or a bytes literal's \u): keep as written
        break;
      }
      case 'N': {
        // Named escapes need the Unicode name table; keep them as written.
        const close = src.indexOf('}', i);
        if (!bytes && src[i] === '{' && close !== -1 && close < to) {
          out += src.slice(i - 2, close + 1);
          i = close + 1;
        } else out += '\\N';
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          let j = i - 1;
          let code = 0;
          while (j < to && j < i + 2 && src[j] >= '0' && src[j] <= '7') code = code * 8 + (src.charCodeAt(j++) - 48);
          out += String.fromCharCode(code);
          i = j;
        } else out += '\\' + e; // unknown escapes keep their backslash
    }
  }
  return out;
}

/** The code point of `digits` hex digits at `i`, or -1 when they are not all there / out of range. */
function hexCode(src: string, i: number, to: number, digits: number): number {
  if (i + digits > to) return -1;
  let code = 0;
  for (let j = i; j < i + digits; j++) {
    const h = parseInt(src[j], 16);
    if (Number.isNaN(h)) return -1;
    code = code * 16 + h;
  }
  return code <= 0x10ffff ? code : -1;
}
