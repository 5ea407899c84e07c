import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Checks a local model folder before transformers.js sees it, so a broken folder fails with an
 * error naming the file instead of a deep stack from the loader or onnxruntime.
 */
export function checkModelFolder(dir: string, needsTokenizer: boolean): void {
  const configFile = path.join(dir, 'config.json');
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${configFile} is missing` : `${configFile} is not valid JSON: ${(error as Error).message}`);
  }
  const modelType = (config as { model_type?: unknown } | null)?.model_type;
  if (typeof modelType !== 'string' || modelType === '') {
    throw new Error(`${configFile} has no "model_type"; transformers.js needs it to pick the model class`);
  }
  if (needsTokenizer && !fs.existsSync(path.join(dir, 'tokenizer.json'))) {
    throw new Error(`${path.join(dir, 'tokenizer.json')} is missing: a ${modelType} text model needs its tokenizer`);
  }
  const onnxDir = path.join(dir, 'onnx');
  const onnxFiles = fs.existsSync(onnxDir) ? fs.readdirSync(onnxDir).filter((f) => f.endsWith('.onnx')) : [];
  if (onnxFiles.length === 0) throw new Error(`${onnxDir} holds no .onnx file`);
  for (const name of onnxFiles) {
    const file = path.join(onnxDir, name);
    const fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(1);
    const read = fs.readSync(fd, head, 0, 1, 0);
    fs.closeSync(fd);
    // A serialized ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
    if (read === 0 || head[0] !== 0x08) throw new Error(`${file} is not an ONNX model (empty, truncated or corrupt)`);
  }
}
