import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project, ts, type SourceFile } from 'ts-morph';
import { patchJestConfig } from '../../src/init/patch-config';

const REPO = path.join(__dirname, '..', '..');
const TRANSFORMERS = ['@swc/jest', 'ts-jest'] as const;
type Transformer = (typeof TRANSFORMERS)[number];

function patchedConfig(transformer: Transformer): string {
  const input = "import type { Config } from 'jest';\n\nconst config: Config = {\n  testEnvironment: 'node',\n  projects: [{ displayName: 'unit' }],\n};\n\nexport default config;\n";
  const result = patchJestConfig(input, 'jest.config.ts', { out: 'generated', transformer, typescript: true });
  if (result.kind !== 'patched') throw new Error(`not patched: ${JSON.stringify(result)}`);
  return result.text;
}

/**
 * Every transformer's patched config in one program: the lib and Jest declarations they check
 * against are parsed and bound once (seconds), not once per config. Each config is a module of
 * its own, so its diagnostics are those of its own file (plus the program's global ones).
 */
function typeCheckAll(): Map<Transformer, string[] | Error> {
  // Inside the repository (.tmp/ is ignored), so `jest` types resolve from its node_modules.
  fs.mkdirSync(path.join(REPO, '.tmp'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(REPO, '.tmp', 'init-ts-'));
  try {
    const project = new Project({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, types: ['node'], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 },
    });
    const files = new Map<Transformer, SourceFile | Error>();
    for (const transformer of TRANSFORMERS) {
      try {
        const file = path.join(dir, transformer.replace('/', '-'), 'jest.config.ts');
        fs.mkdirSync(path.dirname(file));
        fs.writeFileSync(file, patchedConfig(transformer));
        files.set(transformer, project.addSourceFileAtPath(file));
      } catch (error) {
        files.set(transformer, error as Error);
      }
    }
    const describe = (d: ReturnType<SourceFile['getPreEmitDiagnostics']>[number]) => `${d.getLineNumber()}: ${ts.flattenDiagnosticMessageText(d.getMessageText() as string | ts.DiagnosticMessageChain, '\n')}`;
    return new Map([...files].map(([transformer, file]) => [transformer, file instanceof Error ? file : file.getPreEmitDiagnostics().map(describe)]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let checked: Map<Transformer, string[] | Error> | undefined;
function diagnosticsOf(transformer: Transformer): string[] {
  checked ??= typeCheckAll();
  const outcome = checked.get(transformer)!;
  if (outcome instanceof Error) throw outcome;
  return outcome;
}

/** What init writes into a TypeScript config must type-check strictly against Jest's own `Config` (ts-node checks it). */
test.each(TRANSFORMERS)('a patched jest.config.ts type-checks under strict (%s)', (transformer) => {
  expect(diagnosticsOf(transformer)).toEqual([]);
}, 30_000);
