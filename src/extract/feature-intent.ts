/**
 * Signs that a legacy test means to test embeddings (feature-extraction) for its own sake, beyond
 * a `pipeline("feature-extraction")` call: a pooling or normalize option, an assertion on
 * embeddings or pooled output, a comment naming embeddings, a file name naming them. The planner
 * keeps a boilerplate feature-extraction task only where one of these is present.
 */
import type { Found } from './types';

/**
 * Each sign's line pattern, with what the whole text must contain for any line to match (literal
 * parts of the pattern, same flags): most files hold none, and are then never split into lines or
 * run through the per-line patterns (the comment one backtracks over every comment line).
 */
const LINE_SIGNS: Array<[RegExp, string, RegExp[]]> = [
  [/\bpooling\s*[:=]\s*['"](mean|cls|max|none|first_token|last_token|eos)['"]/i, 'pooling option', [/pooling/i]],
  [/\bnormali[sz]e\s*[:=]\s*(true|True)\b/, 'normalize option', [/normali[sz]e/]],
  [
    /\b(?:assert\w*|expect)\b.*\b(embeddings?|pooled|pooler_output|cosine|similarity|mean_pool\w*)\b/i,
    'embedding assertion',
    [/assert|expect/i, /embedding|pooled|pooler_output|cosine|similarity|mean_pool/i],
  ],
  [
    /^\s*(?:#|\/\/|\/?\*)\s*.*\b(sentence embeddings?|text embeddings?|feature vectors?|embedding model|semantic search)\b/i,
    'comment',
    [/sentence embedding|text embedding|feature vector|embedding model|semantic search/i],
  ],
];

const FILE_NAME_SIGN = /(?:^|[_-])(embeddings?|sentence|features?)(?:[_-]|$)/i;

export function featureIntent(text: string, fileName: string): Found[] {
  const found: Found[] = [];
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.\w+$/, '');
  const named = FILE_NAME_SIGN.exec(base);
  if (named) found.push({ value: named[1].toLowerCase(), construct: 'file name', line: 0 });
  const signs = LINE_SIGNS.filter(([, , needs]) => needs.every((need) => need.test(text)));
  if (signs.length === 0) return found;
  text.split('\n').forEach((line, i) => {
    for (const [pattern, construct] of signs) {
      const match = pattern.exec(line);
      if (match) found.push({ value: (match[1] ?? match[0]).toLowerCase(), construct, line: i + 1 });
    }
  });
  return found;
}
