import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { machineClass } from './key';

/**
 * Where a run was measured. The machine class (CPU model and core count) is part of every baseline
 * key; the rest says how comparable two runs of one class are: a verdict against runs recorded on
 * other hosts is the normal case on ephemeral CI runners, and the report says when it is one.
 */
export interface RunEnvironment {
  /** What tells hosts apart: `HF_MACHINE_LABEL` when set (a CI runner label), else `fingerprint`. */
  host: string;
  /** `HF_MACHINE_LABEL`, when set. */
  label?: string;
  /** A hash of the host name and /etc/machine-id: stable for one host, says nothing about it. */
  fingerprint: string;
  /** Machine class: CPU model and logical core count. */
  machine: string;
  memoryBytes: number;
  /** `os.release()`, e.g. `6.1.0-18-amd64`. */
  kernel: string;
  /** `process.version`. */
  node: string;
}

export const MACHINE_LABEL_ENV = 'HF_MACHINE_LABEL';

function machineId(): string {
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      return fs.readFileSync(file, 'utf8').trim();
    } catch {
      // not every system has one; the host name alone then identifies the host
    }
  }
  return '';
}

export function hostFingerprint(): string {
  return crypto.createHash('sha256').update(`${os.hostname()}\u0000${machineId()}`).digest('hex').slice(0, 12);
}

export function currentRunEnvironment(env: NodeJS.ProcessEnv = process.env): RunEnvironment {
  const label = env[MACHINE_LABEL_ENV]?.trim() || undefined;
  const fingerprint = hostFingerprint();
  return {
    host: label ?? fingerprint,
    ...(label ? { label } : {}),
    fingerprint,
    machine: machineClass(),
    memoryBytes: os.totalmem(),
    kernel: os.release(),
    node: process.version,
  };
}
