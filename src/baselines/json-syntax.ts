/**
 * Finds where a JSON text first goes wrong. `JSON.parse` messages differ between Node versions and
 * do not always carry a position, so baseline errors locate the problem themselves.
 */
export interface JsonSyntaxProblem {
  /** 0-based character offset. */
  offset: number;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** The text ended before the value was complete (typical of an interrupted write). */
  truncated: boolean;
  reason: string;
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
    readonly truncated: boolean,
  ) {
    super(reason);
  }
}

function describe(char: string | undefined): string {
  return char === undefined ? 'end of input' : JSON.stringify(char);
}

class JsonScanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  scanDocument(): void {
    this.skipWhitespace();
    this.scanValue();
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail(`unexpected ${describe(this.text[this.pos])} after the end of the JSON value`);
  }

  private fail(reason: string): never {
    throw new ScanError(this.pos, reason, this.pos >= this.text.length);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos])) this.pos++;
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char) this.fail(`expected ${describe(char)} but found ${describe(this.text[this.pos])}`);
    this.pos++;
  }

  private scanValue(): void {
    const char = this.text[this.pos];
    if (char === '{') return this.scanObject();
    if (char === '[') return this.scanArray();
    if (char === '"') return this.scanString();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.scanNumber();
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return;
      }
      if (literal.startsWith(this.text.slice(this.pos)) && this.pos < this.text.length) {
        this.pos = this.text.length;
        this.fail(`input ends inside the literal ${literal}`);
      }
    }
    this.fail(`expected a JSON value but found ${describe(char)}`);
  }

  private scanObject(): void {
    this.expect('{');
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail(`expected a property name in double quotes but found ${describe(this.text[this.pos])}`);
      this.scanString();
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      this.scanValue();
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === '}') {
        this.pos++;
        return;
      }
      this.fail(`expected "," or "}" after a property value but found ${describe(next)}`);
    }
  }

  private scanArray(): void {
    this.expect('[');
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      this.scanValue();
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ']') {
        this.pos++;
        return;
      }
      this.fail(`expected "," or "]" after an array element but found ${describe(next)}`);
    }
  }

  private scanString(): void {
    this.expect('"');
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (char === '"') {
        this.pos++;
        return;
      }
      if (char === '\\') {
        const escape = this.text[this.pos + 1];
        if (escape === undefined) break;
        if (escape === 'u') {
          const hex = this.text.slice(this.pos + 2, this.pos + 6);
          if (hex.length < 4 && this.pos + 2 + hex.length >= this.text.length) break;
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape in string');
          this.pos += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(escape)) this.fail(`invalid escape \\${escape} in string`);
        this.pos += 2;
        continue;
      }
      if (char < ' ') this.fail('unescaped control character in string');
      this.pos++;
    }
    this.pos = this.text.length;
    this.fail('input ends inside a string');
  }

  private scanNumber(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match || match[0] === '-') this.fail(`invalid number starting with ${describe(this.text[this.pos])}`);
    this.pos += match[0].length;
    const next = this.text[this.pos];
    if (next === '.' || next === 'e' || next === 'E') {
      if (this.pos + 1 >= this.text.length) {
        this.pos = this.text.length;
        this.fail('input ends inside a number');
      }
      this.fail('malformed number');
    }
  }
}

/** Null when `text` is valid JSON; otherwise where and why it is not. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  try {
    new JsonScanner(text).scanDocument();
    return null;
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    const column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
    return { offset: error.offset, line, column, truncated: error.truncated, reason: error.reason };
  }
}
