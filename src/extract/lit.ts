/**
 * A literal value as written in the source, shared by the Python and JS walkers so that one set
 * of rules (collector.ts) interprets both languages.
 */
export type Lit =
  | { t: 'str'; v: string; line: number; /** f-string / template with `{…}` kept as raw text */ templated?: boolean }
  | { t: 'num'; v: number; line: number }
  /** `True` / `False` / `None` / `null` / `undefined` */
  | { t: 'const'; line: number }
  /** A bare (possibly dotted) reference such as `BertForMaskedLM` or `transformers.AutoModel`. */
  | { t: 'name'; v: string; line: number }
  | { t: 'list'; items: Lit[]; line: number }
  | { t: 'dict'; entries: DictEntry[]; line: number }
  /** Anything that is not a literal (calls, arithmetic, comprehensions…). */
  | { t: 'other'; line: number };

export interface DictEntry {
  /** String key, or identifier key in JS objects; null for computed / non-literal keys. */
  key: string | null;
  value: Lit;
  line: number;
}

/** One argument of a call (or one parameter of a function signature). */
export interface CallArg {
  /** Keyword name (`model=`), or the property name when a JS options object was flattened. */
  name?: string;
  value: Lit;
  /**
   * The last key of a simple reference expression (`out[0]["label"]` → `label`, `res.text` → `text`),
   * used to read assertions.
   */
  ref?: string | null;
}

export const OTHER_LIT = (line: number): Lit => ({ t: 'other', line });

/** String items of a string or list-of-strings literal. */
export function stringsOf(lit: Lit): Array<{ v: string; line: number; templated?: boolean }> {
  if (lit.t === 'str') return [lit];
  if (lit.t === 'list') {
    const out: Array<{ v: string; line: number; templated?: boolean }> = [];
    for (const item of lit.items) if (item.t === 'str') out.push(item);
    return out;
  }
  return [];
}
