import * as os from 'node:os';
import type { MeasurementKey } from '../runtime/measurements';

/**
 * Machine class: CPU model name and logical core count, never the clock speed (which varies with
 * turbo/power states and would split one machine's history into many keys).
 */
export function normalizeMachine(machine: string): string {
  return machine
    .replace(/\s*@\s*[\d.]+\s*[GM]Hz/gi, '')
    .replace(/\s+[\d.]+\s*[GM]Hz\b/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function machineClass(cpus: ReadonlyArray<{ model: string }> = os.cpus()): string {
  const model = cpus[0]?.model?.trim() || 'unknown CPU';
  return `${normalizeMachine(model)} x${cpus.length}`;
}

/** Fields of a baseline key, in key order. */
export const KEY_FIELDS = ['suite', 'metric', 'device', 'dtype', 'runtime', 'machine'] as const;

/** Stable, human-readable key: one entry per suite/metric/device/dtype/runtime/machine class. */
export function baselineKey(key: MeasurementKey): string {
  return [key.suite, key.metric, key.device, key.dtype, key.runtime, normalizeMachine(key.machine)].join(' | ');
}

/** File name for a device's baselines; the device string is reduced to a safe file name. */
export function baselineFileName(device: string): string {
  const safe = device.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  if (!safe) throw new RangeError(`device ${JSON.stringify(device)} does not make a usable baseline file name`);
  return `${safe}.json`;
}
