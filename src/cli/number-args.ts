import { InvalidArgumentError } from 'commander';

/** A tolerance or significance level given on the command line. */
export function ratio(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 10) throw new InvalidArgumentError('expected a number such as 0.1');
  return n;
}

/** A count given on the command line. */
export function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}
