/**
 * Builds a large legacy corpus for benchmarks by mutating and renaming the shipped legacy-tests:
 * every file unique, about `targetBytes` each, about `brokenShare` syntactically broken in the
 * ways real legacy files break. Deterministic for a given seed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import { parse } from '@babel/parser';
import { machineTranslate } from './machine-translate';

export interface CorpusOptions {
  sourceDir: string;
  outDir: string;
  files: number;
  targetBytes: number;
  brokenShare: number;
  seed?: number;
  /**
   * `all` (default): every legacy file kind, as before. `python`: the Python files only.
   * `js`: JS/TS files only, half of them TypeScript machine-translated from the Python files
   * (which mostly do not parse, as in a real translated corpus), the rest the JS/TS legacy files,
   * `brokenShare` of those broken; the corpus's actual unparseable share is measured with Babel.
   */
  languages?: 'all' | 'python' | 'js';
}

/** Names as real teams spelled them: hyphen/underscore twins, checkpoint-like stems, unknown models. */
const MODEL_NAMES = [
  'bert', 'bert_base_uncased', 'xlm-roberta', 'xlm_roberta', 'roberta', 'distilbert', 'albert', 'electra', 'deberta-v2', 'mpnet',
  'gpt2', 'gpt-j', 'gptj', 'gpt_neox', 'gpt-neox', 'llama', 'mistral', 'qwen2', 'phi', 'opt', 'bloom', 'codegen', 'falcon',
  't5', 't5_small', 'flan-t5', 'bart', 'marian', 'mbart', 'm2m_100', 'pegasus', 'vit', 'vit_base_patch16_224', 'deit', 'convnext',
  'swin', 'resnet', 'beit', 'mobilevit', 'dinov2', 'wav2vec2', 'wav2vec2-conformer', 'hubert', 'wavlm', 'whisper',
  'speech_to_text', 'clip', 'siglip', 'blip', 'owlvit', 'layoutlm', 'my_custom_model', 'zorbnet',
];
const VARIANTS = ['', '', '', '_standardized', '_minimal', '_web'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The breakages measured on real corpora, most common first. */
function breakPython(text: string, random: () => number): string {
  const lines = text.split('\n');
  const at = 5 + Math.floor(random() * Math.max(1, lines.length - 10));
  switch (Math.floor(random() * 5)) {
    case 0: lines[at] = `${lines[at]})`; break; // unmatched )
    case 1: lines.splice(at, 0, '    try: with open(path) as handle:'); break;
    case 2: lines.splice(at, 0, '        self.stats = {}    def test_pipeline(self):'); break;
    case 3: lines.splice(at, 0, '  return results', '  return results'); break;
    default: lines.push('    broken = call(("unterminated'); break;
  }
  return lines.join('\n');
}

function breakJs(text: string, random: () => number): string {
  const lines = text.split('\n');
  const at = 3 + Math.floor(random() * Math.max(1, lines.length - 6));
  switch (Math.floor(random() * 3)) {
    case 0: lines[at] = `${lines[at]})`; break;
    case 1: lines.splice(at, 0, 'TODO: fix this before release'); break;
    default: lines.push('async function unfinished() {'); break;
  }
  return lines.join('\n');
}

/** Pads a file to about `target` bytes with more test code of its own kind, each copy renamed. */
function pad(text: string, target: number, python: boolean, unique: string): string {
  const chunks = [text];
  let size = text.length;
  for (let copy = 1; size < target; copy++) {
    const extra = python
      ? `\n\nclass ExtraCase${copy}${unique}:\n    """More cases kept from an older copy of this test."""\n\n` +
        text.split('\n').filter((l) => l.trim() && !/^(import|from) /.test(l)).slice(0, 60).map((l) => `    ${l}`).join('\n').replace(/\bdef (\w+)/g, `def $1_${copy}`)
      : `\n\n// ---- older copy ${copy} (${unique}) ----\nasync function extraCase${copy}() {\n` +
        text.split('\n').filter((l) => l.trim() && !/^(import|const .* = require)/.test(l)).slice(0, 60).map((l) => `  // ${l}`).join('\n') + '\n}\n';
    chunks.push(extra);
    size += extra.length;
  }
  return chunks.join('');
}

/** Does Babel (as the JS extractor runs it, TypeScript plugin for .ts) parse this file? */
function babelParses(text: string, ext: string): boolean {
  try {
    parse(text, { sourceType: 'unambiguous', plugins: ext === 'ts' ? ['typescript'] : ['jsx'], errorRecovery: false });
    return true;
  } catch {
    return false;
  }
}

/** Share of a JS/TS corpus machine-translated from the Python files. */
const TRANSLATED_SHARE = 0.25;
/** Share of the JS/TS legacy files that do not parse with Babel as shipped (7 of 41). */
const JS_ALREADY_BROKEN = 0.17;

export function buildCorpus(options: CorpusOptions): { files: number; bytes: number; broken: number } {
  const random = rng(options.seed ?? 42);
  const languages = options.languages ?? 'all';
  const legacy = fg
    .sync('**/test_hf_*.{py,js,mjs,cjs,ts}', { cwd: options.sourceDir, ignore: ['**/node_modules/**', '**/improved/**'] })
    .sort()
    .map((rel) => ({ rel, text: fs.readFileSync(path.join(options.sourceDir, rel), 'utf8'), translated: false }))
    .filter((s) => s.text.trim().length > 0);
  const isPython = (rel: string) => rel.endsWith('.py');
  const translated = languages !== 'js' ? [] : legacy.filter((s) => isPython(s.rel)).map((s) => ({ rel: s.rel.replace(/\.py$/, '.ts'), text: machineTranslate(s.text, random), translated: true }));
  const pool = languages === 'python' ? legacy.filter((s) => isPython(s.rel)) : languages === 'js' ? legacy.filter((s) => !isPython(s.rel)) : legacy;
  // JS/TS: a quarter machine-translated (nearly all unparseable); the others are broken less often,
  // so that about brokenShare of the corpus does not parse (a sixth of the JS/TS legacy files already do not).
  const translatedShare = languages === 'js' ? TRANSLATED_SHARE : 0;
  const breakShare = languages === 'js' ? Math.max(0, (options.brokenShare - translatedShare) / (1 - translatedShare) - JS_ALREADY_BROKEN) : options.brokenShare;
  let nextTranslated = 0;
  let nextOther = 0;
  const pick = () => (translatedShare > 0 && random() < translatedShare ? translated[nextTranslated++ % translated.length]! : pool[nextOther++ % pool.length]!);
  fs.rmSync(options.outDir, { recursive: true, force: true });
  let bytes = 0;
  let brokenPython = 0;
  const scripts: Array<{ text: string; ext: string }> = [];
  for (let i = 0; i < options.files; i++) {
    const source = pick();
    const ext = path.extname(source.rel).slice(1);
    const python = ext === 'py';
    const name = MODEL_NAMES[Math.floor(random() * MODEL_NAMES.length)];
    const variant = VARIANTS[Math.floor(random() * VARIANTS.length)];
    const folder = `batch-${String(i % 100).padStart(2, '0')}`;
    const unique = `${i}_${Math.floor(random() * 1e9).toString(36)}`;
    let text = `${python ? '#' : '//'} legacy copy ${unique}\n${source.text}`;
    text = pad(text, options.targetBytes, python, unique);
    const breakIt = !source.translated && random() < breakShare;
    if (breakIt) text = python ? breakPython(text, random) : breakJs(text, random);
    // Python: the breaks made here (CPython is not at hand); JS/TS: whatever Babel cannot parse.
    if (python && breakIt) brokenPython++;
    if (!python) scripts.push({ text, ext });
    // Real corpora hold the same name in many folders; a clash inside one folder goes one level down.
    let target = path.join(options.outDir, folder, `test_hf_${name}${variant}.${ext}`);
    if (fs.existsSync(target)) target = path.join(options.outDir, folder, `older-${i}`, path.basename(target));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    bytes += Buffer.byteLength(text);
  }
  // Parsing every JS/TS file with Babel costs ~0.5 s a corpus: done only when `broken` is read.
  let broken: number | undefined;
  return {
    files: options.files,
    bytes,
    get broken() {
      return (broken ??= brokenPython + scripts.filter((script) => !babelParses(script.text, script.ext)).length);
    },
  };
}
