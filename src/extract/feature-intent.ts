/**
 * Signs that a legacy test means to test embeddings (feature-extraction) for its own sake, beyond
 * a `pipeline("feature-extraction")` call: a pooling or normalize option, an assertion on
 * embeddings or pooled output, a comment naming embeddings, a file name naming them. The planner
 * keeps a boilerplate feature-extraction task only where one of these is present.
 */
import type { Found } from './types';

const LINE_SIGNS: Array<[RegExp, string]> = [
  [/\bpooling\s*[:=]\s*['"](mean|cls|max|none|first_token|last_token|eos)['"]/i, 'pooling option'],
  [/\bnormali[sz]e\s*[:=]\s*(true|True)\b/, 'normalize option'],
  [/\b(?:assert\w*|expect)\b.*\b(embeddings?|pooled|pooler_output|cosine|similarity|mean_pool\w*)\b/i, 'embedding assertion'],
  [/^\s*(?:#|\/\/|\/?\*)\s*.*\b(sentence embeddings?|text embeddings?|feature vectors?|embedding model|semantic search)\b/i, 'comment'],
];

const FILE_NAME_SIGN = /(?:^|[_-])(embeddings?|sentence|features?)(?:[_-]|$)/i;

export function featureIntent(text: string, fileName: string): Found[] {
  const found: Found[] = [];
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.\w+$/, '');
  const named = FILE_NAME_SIGN.exec(base);
  if (named) found.push({ value: named[1].toLowerCase(), construct: 'file name', line: 0 });
  text.split('\n').forEach((line, i) => {
    for (const [pattern, construct] of LINE_SIGNS) {
      const match = pattern.exec(line);
      if (match) found.push({ value: (match[1] ?? match[0]).toLowerCase(), construct, line: i + 1 });
    }
  });
  return found;
}
