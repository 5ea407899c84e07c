import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colours only for a terminal (or FORCE_COLOR), never for a pipe or a CI log file: parsers and
 * tests read those lines. picocolors alone turns colour on whenever `CI` is set.
 */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return pc.createColors(forced || (!('NO_COLOR' in env) && stream.isTTY === true));
}
