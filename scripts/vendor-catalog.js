#!/usr/bin/env node
/*
 * Vendors the shared model-type catalog into src/catalog/catalog.json.
 *
 * Run by hand when the shared catalog changes (never at run time):
 *   node scripts/vendor-catalog.js [--from <dir>] [--out <file>]
 * Defaults: --from ../shared/catalog (next to the repository), --out src/catalog/catalog.json.
 *
 * Output is stable: keys are sorted, arrays keep the source order, and the vendoring date is kept
 * from the previous catalog.json when nothing else changed, so a rerun writes identical bytes.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const SOURCE_FILES = ['model-types.json', 'tasks.json', 'alias-collisions.json', 'transformersjs-only.json', 'onnx-checkpoints.json'];
const ONNX_KINDS = new Set(['converted', 'tiny-random', 'test']);
const CATEGORIES = new Set(['text', 'vision', 'audio', 'multimodal', 'other', 'unknown']);

const repoRoot = path.resolve(__dirname, '..');

function parseArgs(argv) {
  const args = { from: path.resolve(repoRoot, '..', 'shared', 'catalog'), out: path.join(repoRoot, 'src', 'catalog', 'catalog.json') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag !== '--from' && flag !== '--out') throw new Error(`unknown argument ${JSON.stringify(flag)} (expected --from <dir> or --out <file>)`);
    const value = argv[++i];
    if (!value) throw new Error(`${flag} needs a value`);
    args[flag.slice(2)] = path.resolve(value);
  }
  return args;
}

function readSource(dir, name) {
  const file = path.join(dir, name);
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read catalog source ${file}: ${err.message}`);
  }
  try {
    return { json: JSON.parse(text), sha256: crypto.createHash('sha256').update(text).digest('hex') };
  } catch (err) {
    throw new Error(`catalog source ${file} is not valid JSON: ${err.message}`);
  }
}

function requireArray(value, where) {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error(`${where} must be an array of strings`);
  return value;
}

function vendorModelTypes(modelTypes) {
  const out = {};
  for (const [key, raw] of Object.entries(modelTypes)) {
    const where = `model-types.json model_types[${JSON.stringify(key)}]`;
    if (raw.model_type !== key) throw new Error(`${where}.model_type is ${JSON.stringify(raw.model_type)}, expected the key`);
    if (!CATEGORIES.has(raw.category)) throw new Error(`${where}.category ${JSON.stringify(raw.category)} is not one of ${[...CATEGORIES].join(', ')}`);
    const js = raw.transformersjs || {};
    const entry = {
      aliases: requireArray(raw.aliases, `${where}.aliases`),
      category: raw.category,
      checkpoints: requireArray(raw.checkpoints, `${where}.checkpoints`),
      tasks: requireArray(raw.tasks, `${where}.tasks`),
      transformersJs: { pipelineTasks: requireArray(js.pipeline_tasks || [], `${where}.transformersjs.pipeline_tasks`), supported: js.supported === true },
    };
    // Checkpoints the catalog says are another type's reference checkpoint (kept only where listed,
    // so the resolver can refuse e.g. FacebookAI/roberta-base as an xlm-roberta checkpoint).
    const others = raw.checkpoints_of_other_types || {};
    if (Object.keys(others).length > 0) entry.checkpointsOfOtherTypes = others;
    out[key] = entry;
  }
  return out;
}

function vendorTasks(tasks) {
  const out = {};
  for (const [name, raw] of Object.entries(tasks)) {
    const js = raw.transformersjs || {};
    const aliases = [...new Set([...(raw.aliases || []), ...(js.aliases || [])])];
    out[name] = { aliases, transformersJs: js.supported === true, type: raw.type ?? null };
  }
  return out;
}

function vendorUnresolvedCollisions(collisions) {
  const out = {};
  for (const [spelling, raw] of Object.entries(collisions)) {
    if (raw.resolved_to === null || raw.resolved_to === undefined) out[spelling] = Object.keys(raw.claimed_by).sort();
  }
  return out;
}

function vendorTransformersJsOnly(modelTypes) {
  const out = {};
  for (const [key, raw] of Object.entries(modelTypes)) out[key] = { pipelineTasks: requireArray(raw.pipeline_tasks || [], `transformersjs-only.json model_types[${JSON.stringify(key)}].pipeline_tasks`) };
  return out;
}

/**
 * Hub checkpoints transformers.js can load, per model_type, in source order (conversions first).
 * Every entry keeps its evidence; `convertedFrom` only for `converted` entries.
 */
function vendorOnnxCheckpoints(onnx, modelTypes) {
  const out = {};
  for (const [modelType, entries] of Object.entries(onnx.model_types || {})) {
    const where = `onnx-checkpoints.json model_types[${JSON.stringify(modelType)}]`;
    if (!modelTypes[modelType]) throw new Error(`${where} names no model type of model-types.json`);
    if (!Array.isArray(entries)) throw new Error(`${where} must be an array`);
    out[modelType] = entries.map((raw, i) => {
      const at = `${where}[${i}]`;
      if (typeof raw.id !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(raw.id)) throw new Error(`${at}.id ${JSON.stringify(raw.id)} is not a Hub id org/name`);
      if (!ONNX_KINDS.has(raw.kind)) throw new Error(`${at}.kind ${JSON.stringify(raw.kind)} is not one of ${[...ONNX_KINDS].join(', ')}`);
      const entry = { evidence: requireArray(raw.evidence, `${at}.evidence`), id: raw.id, kind: raw.kind, tasks: requireArray(raw.tasks || [], `${at}.tasks`) };
      if (raw.kind === 'converted') {
        if (typeof raw.converted_from !== 'string' || raw.converted_from === '') throw new Error(`${at}.converted_from must name the original checkpoint`);
        entry.convertedFrom = raw.converted_from;
      }
      return entry;
    });
  }
  return out;
}

/** JSON with sorted object keys; arrays keep their order. Top two levels get one entry per line for readable diffs. */
function stableStringify(value, depth = 0) {
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v, depth + 1)).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const parts = keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k], depth + 1)}`);
    if (depth >= 2) return `{${parts.join(',')}}`;
    const indent = '  '.repeat(depth + 1);
    return `{\n${parts.map((p) => indent + p).join(',\n')}\n${'  '.repeat(depth)}}`;
  }
  return JSON.stringify(value);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const sources = Object.fromEntries(SOURCE_FILES.map((name) => [name, readSource(args.from, name)]));
  const modelTypesJson = sources['model-types.json'].json;
  const modelTypes = vendorModelTypes(modelTypesJson.model_types);
  const catalog = {
    aliasCollisions: vendorUnresolvedCollisions(sources['alias-collisions.json'].json.collisions),
    modelTypes,
    onnxCheckpoints: vendorOnnxCheckpoints(sources['onnx-checkpoints.json'].json, modelTypes),
    provenance: {
      files: Object.fromEntries(SOURCE_FILES.map((name) => [name, { sha256: sources[name].sha256, sources: sources[name].json.sources ?? null }])),
      from: path.relative(repoRoot, args.from).split(path.sep).join('/'),
      transformersVersions: [...new Set(Object.values(modelTypesJson.model_types).flatMap((t) => t.transformers_versions || []))].sort(),
      transformersJsVersion: modelTypesJson.sources?.transformersjs ?? null,
      vendoredOn: null,
    },
    tasks: vendorTasks(sources['tasks.json'].json.tasks),
    transformersJsOnly: vendorTransformersJsOnly(sources['transformersjs-only.json'].json.model_types),
  };

  // Keep the previous date when the content is unchanged, so reruns are byte-identical.
  const today = new Date().toISOString().slice(0, 10);
  let previous = null;
  if (fs.existsSync(args.out)) {
    try { previous = JSON.parse(fs.readFileSync(args.out, 'utf8')); } catch { previous = null; }
  }
  if (previous && previous.provenance) {
    const candidate = stableStringify({ ...catalog, provenance: { ...catalog.provenance, vendoredOn: previous.provenance.vendoredOn } });
    catalog.provenance.vendoredOn = candidate === stableStringify(previous) ? previous.provenance.vendoredOn : today;
  } else {
    catalog.provenance.vendoredOn = today;
  }

  const text = stableStringify(catalog) + '\n';
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, text);
  const onnxCount = Object.values(catalog.onnxCheckpoints).reduce((n, list) => n + list.length, 0);
  const counts = `${Object.keys(modelTypes).length} model types, ${onnxCount} ONNX checkpoints of ${Object.keys(catalog.onnxCheckpoints).length} types, ${Object.keys(catalog.tasks).length} tasks, ${Object.keys(catalog.aliasCollisions).length} unresolved alias collisions, ${Object.keys(catalog.transformersJsOnly).length} transformers.js-only types`;
  process.stdout.write(`wrote ${path.relative(process.cwd(), args.out)} (${text.length} bytes): ${counts}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`vendor-catalog: ${err.message}\n`);
  process.exit(1);
}
