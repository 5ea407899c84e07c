import * as fs from 'node:fs';
import { BaselineFileError } from './errors';
import { BASELINE_FORMAT, BASELINE_VERSION, baselineFileSchema, emptyBaselineFile, type BaselineFile } from './format';
import { findJsonSyntaxProblem } from './json-syntax';

function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      const name = String(part);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return index === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}

/** Validate already-loaded text as a baseline file; `file` is only used in messages. */
export function parseBaselineText(text: string, file: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const problem = findJsonSyntaxProblem(text);
    const where = problem ? `line ${problem.line}, column ${problem.column} (offset ${problem.offset})` : 'an unknown position';
    if (!problem || problem.truncated) {
      throw new BaselineFileError(
        'truncated',
        file,
        `${file} is truncated: the JSON ends early at ${where}${problem ? ` (${problem.reason})` : ''}. ` +
          'An interrupted write or an incomplete checkout usually causes this; restore it from git (`git checkout -- <file>`) or delete it to start a new baseline.',
        { cause },
      );
    }
    throw new BaselineFileError(
      'garbled',
      file,
      `${file} is not valid JSON: ${problem.reason} at ${where}. Fix it by hand or restore it from git.`,
      { cause },
    );
  }

  const header = (typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  if (header.format !== BASELINE_FORMAT) {
    const found = header.format === undefined ? 'no "format" field' : `format ${JSON.stringify(header.format)}`;
    throw new BaselineFileError(
      'foreign',
      file,
      `${file} is not an hf-convert baseline file (${found}; expected format "${BASELINE_FORMAT}"). Move it out of the baselines directory.`,
    );
  }
  if (header.version !== BASELINE_VERSION) {
    const version = header.version;
    const advice =
      typeof version === 'number' && version > BASELINE_VERSION
        ? 'It was written by a newer hf-convert; upgrade hf-convert to read it.'
        : version === 1
          ? 'Its figures mean something else (version 1 timed the process\'s first model load and counted memory the process touched first, so they depended on what ran before each suite) and it does not say where its runs were recorded, so it cannot be migrated. ' +
            'Re-record it: move it aside, then run the models project with HF_UPDATE_BASELINES=1 several times (8–10 runs on a busy machine class; see baselines/README.md).'
          : 'Re-record it: move it aside, then run the models project with HF_UPDATE_BASELINES=1 (or `hf-convert baselines update`).';
    throw new BaselineFileError(
      'version',
      file,
      `${file} uses baseline format version ${JSON.stringify(version)}, but this hf-convert reads version ${BASELINE_VERSION}. ${advice}`,
    );
  }
  const parsed = baselineFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
    throw new BaselineFileError('schema', file, `${file} does not match the baseline schema: ${problems.join('; ')}${more}`);
  }
  return parsed.data;
}

/** Read and validate a baseline file. A missing file is an empty baseline, not an error. */
export function readBaselineFile(file: string): BaselineFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return emptyBaselineFile();
    throw new BaselineFileError('io', file, `cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  return parseBaselineText(text, file);
}
