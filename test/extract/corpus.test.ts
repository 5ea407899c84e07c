/**
 * The legacy corpus documents, per file, what CPython / `node --check` / the TypeScript parser say
 * about it and what kind of file it is. The extractor must agree on every file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extract } from '../../src/extract';

const corpusDir = path.join(__dirname, '..', '..', 'legacy-tests');
const table = path.join(corpusDir, 'CORPUS.md');

interface Row { file: string; modelAsNamed: string; intended: string; variant: string; parses: string; notable: string }

function rows(): Row[] {
  if (!fs.existsSync(table)) return [];
  const out: Row[] = [];
  for (const line of fs.readFileSync(table, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 8 || !cells[1].startsWith('`')) continue;
    const strip = (c: string): string => c.replace(/^`|`$/g, '');
    out.push({ file: strip(cells[1]), modelAsNamed: strip(cells[3]), intended: cells[4], variant: cells[5], parses: cells[6], notable: cells[8] ?? '' });
  }
  return out.filter((r) => fs.existsSync(path.join(corpusDir, r.file)));
}

const corpus = rows();
const describeIfCorpus = corpus.length > 0 ? describe : describe.skip;

describeIfCorpus('legacy corpus (legacy-tests/CORPUS.md)', () => {
  it.each(corpus.map((r) => [r.file, r] as const))('%s', (_file, row) => {
    const x = extract(fs.readFileSync(path.join(corpusDir, row.file), 'utf8'), path.basename(row.file));
    expect({ clean: x.parse.clean, fileModelName: x.fileModelName, variant: x.variant }).toEqual({
      clean: row.parses.startsWith('yes'),
      fileModelName: row.modelAsNamed,
      variant: row.variant,
    });
    const kind = row.intended === 'not a model test' ? 'not-a-model-test' : row.intended === 'api service' ? 'api-service' : 'model-test';
    expect(x.kind).toBe(kind);
    // Broken generator output with no model construct is flagged for the resolver (the table says which).
    expect(x.noModelConstruct === true).toBe(row.notable.includes('no model construct'));
  });
});
