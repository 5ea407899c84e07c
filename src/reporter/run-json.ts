import * as fs from 'node:fs';
import type { z } from 'zod';

/**
 * A JSON file of a run directory, validated: its data, undefined when the file is absent (a run that
 * predates it), or a one-line reason it cannot be used (`<file>: not valid JSON (…)<consequence>`).
 */
export function readRunJson<T>(file: string, schema: z.ZodType<T>, consequence = ''): T | string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `${file}: cannot read it (${(error as Error).message})${consequence}`;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return `${file}: not valid JSON (${(error as Error).message})${consequence}`;
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) return `${file}: ${parsed.error.issues[0].path.join('.') || '(file)'}: ${parsed.error.issues[0].message}${consequence}`;
  return parsed.data;
}
