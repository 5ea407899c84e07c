#!/usr/bin/env node
/*
 * Vendors the tasks transformers.js runs through model classes, with no pipeline, into
 * src/catalog/model-class-mappings.json.
 *
 * Source: the `*_MAPPING_NAMES` maps of @huggingface/transformers/src/models/registry.js (the
 * installed 4.3.1). transformers.js has no pipeline for these tasks, so the shared catalog's
 * `transformersJs.pipelineTasks` never lists them; a family is runnable for one of them when its
 * model_type is a key of the mapping that registers the task's model class (e.g. qwen2_vl →
 * Qwen2VLForConditionalGeneration in MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES).
 *
 *   node scripts/vendor-model-class-tasks.js [--registry <registry.js>] [--out <file>]
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const repoRoot = path.resolve(__dirname, '..');
const packageDir = path.join(repoRoot, 'node_modules', '@huggingface', 'transformers');

/** Mapping → the task name a suite uses for it (the runtime's harness names). */
const TASK_OF_MAPPING = {
  MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES: 'image-text-to-text',
  MODEL_FOR_MASK_GENERATION_MAPPING_NAMES: 'mask-generation',
  MODEL_FOR_POSE_ESTIMATION_MAPPING_NAMES: 'pose-estimation',
  MODEL_FOR_IMAGE_MATTING_MAPPING_NAMES: 'image-matting',
  // The document-question-answering pipeline loads this mapping's classes; transformers lists no such task for them.
  MODEL_FOR_DOCUMENT_QUESTION_ANSWERING_MAPPING_NAMES: 'document-question-answering',
};

function parseArgs(argv) {
  const args = { registry: path.join(packageDir, 'src', 'models', 'registry.js'), out: path.join(repoRoot, 'src', 'catalog', 'model-class-mappings.json') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag !== '--registry' && flag !== '--out') throw new Error(`unknown argument ${JSON.stringify(flag)}`);
    args[flag.slice(2)] = path.resolve(argv[++i]);
  }
  return args;
}

/** `[model_type, ClassName]` pairs of `const NAME = new Map([...]);` in registry.js. */
function mappingEntries(source, name) {
  const start = source.search(new RegExp(`(?:const|let)\\s+${name}\\s*=\\s*new Map\\(\\[`));
  if (start < 0) throw new Error(`registry.js has no mapping ${name}`);
  const end = source.indexOf(']);', start);
  const body = source.slice(start, end);
  const pairs = [...body.matchAll(/\[\s*'([^']+)'\s*,\s*'([^']+)'\s*\]/g)].map((m) => [m[1], m[2]]);
  if (pairs.length === 0) throw new Error(`mapping ${name} lists no model type`);
  return pairs;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const source = fs.readFileSync(args.registry, 'utf8');
  const version = JSON.parse(fs.readFileSync(path.join(path.dirname(args.registry), '..', '..', 'package.json'), 'utf8')).version;
  const modelTypes = {};
  for (const [mapping, task] of Object.entries(TASK_OF_MAPPING)) {
    for (const [modelType, className] of mappingEntries(source, mapping)) {
      (modelTypes[modelType] ??= []).push({ className, mapping, task });
    }
  }
  const sorted = Object.fromEntries(Object.keys(modelTypes).sort().map((k) => [k, modelTypes[k]]));
  const out = {
    provenance: {
      source: `@huggingface/transformers@${version}:src/models/registry.js`,
      sha256: crypto.createHash('sha256').update(source).digest('hex'),
      taskOfMapping: TASK_OF_MAPPING,
      how: 'every [model_type, class] pair of each mapping; the task is the one transformers.js registers that mapping for (no pipeline runs it)',
    },
    modelTypes: sorted,
  };
  const lines = Object.entries(sorted).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const text = `{\n  "modelTypes": {\n${lines.join(',\n')}\n  },\n  "provenance": ${JSON.stringify(out.provenance)}\n}\n`;
  fs.writeFileSync(args.out, text);
  process.stdout.write(`wrote ${path.relative(repoRoot, args.out)}: ${Object.keys(sorted).length} model types\n`);
}

main();
