import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadOrt } from './host';
import { OnnxGraphBuilder } from './tiny/onnx';

/** Devices a suite can ask for, named as transformers.js names them. */
export const KNOWN_DEVICES = ['cpu', 'cuda', 'webgpu', 'dml', 'coreml'] as const;
export type Device = (typeof KNOWN_DEVICES)[number];

export interface DeviceStatus {
  device: Device;
  available: boolean;
  /** Why not, when unavailable: names what is missing. */
  reason?: string;
}

/** onnxruntime-node's execution provider name for each device. */
const PROVIDER: Record<Device, string> = { cpu: 'cpu', cuda: 'cuda', webgpu: 'webgpu', dml: 'dml', coreml: 'coreml' };

let probed: Promise<DeviceStatus[]> | undefined;

/**
 * Which devices work here, probed once per process: a provider onnxruntime-node does not list
 * is unavailable; a listed one must also open a one-node session (a bundled WebGPU provider
 * still fails without a GPU adapter, CUDA without its libraries).
 */
export function probeDevices(): Promise<DeviceStatus[]> {
  probed ??= (async () => {
    const ort = loadOrt();
    const listed = new Map(ort.listSupportedBackends().map((b) => [b.name, b]));
    const model = identityModel();
    const statuses: DeviceStatus[] = [];
    for (const device of KNOWN_DEVICES) {
      const backend = listed.get(PROVIDER[device]);
      if (!backend) {
        statuses.push({ device, available: false, reason: `onnxruntime-node ${ort.env.versions.node} on ${process.platform}-${process.arch} has no ${device} execution provider` });
        continue;
      }
      try {
        const session = await ort.InferenceSession.create(model, { executionProviders: [PROVIDER[device]], logSeverityLevel: 4 });
        await session.release();
        statuses.push({ device, available: true });
      } catch (error) {
        const first = String((error as Error).message).split('\n')[0].slice(0, 200);
        statuses.push({ device, available: false, reason: `${device} execution provider failed to start: ${first}` });
      }
    }
    return statuses;
  })();
  return probed;
}

export interface DeviceSelection {
  run: Device[];
  /** Requested but not usable here: each becomes a skipped test with its reason. */
  skipped: DeviceStatus[];
}

/**
 * `HF_DEVICES=cpu,cuda` selects devices; by default every available one. An unknown name is a
 * usage error (a typo must not silently test nothing); a known but unavailable one is a skip.
 */
export function selectDevices(statuses: DeviceStatus[], requested = process.env.HF_DEVICES): DeviceSelection {
  if (!requested || requested.trim() === '') {
    return { run: statuses.filter((s) => s.available).map((s) => s.device), skipped: [] };
  }
  const names = requested.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !(KNOWN_DEVICES as readonly string[]).includes(n));
  if (unknown.length) {
    throw new Error(`HF_DEVICES names unknown device(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')}; known devices: ${KNOWN_DEVICES.join(', ')}`);
  }
  const byName = new Map(statuses.map((s) => [s.device as string, s]));
  const run: Device[] = [];
  const skipped: DeviceStatus[] = [];
  for (const name of [...new Set(names)]) {
    const status = byName.get(name)!;
    if (status.available) run.push(status.device);
    else skipped.push(status);
  }
  return { run, skipped };
}

function identityModel(): Uint8Array {
  const graph = new OnnxGraphBuilder('device-probe', 'device-probe');
  const x = graph.input('x', 'float32', [1]);
  graph.output('y', 'float32', [1], graph.node('Identity', [x]));
  return graph.toBytes();
}

/**
 * Jest registers tests synchronously, so which device tests exist must be known before any
 * await. The async probe runs once per Jest run in a child process; its answer is shared by
 * every worker through the run directory.
 */
export function probeDevicesSync(cacheFile: string | undefined): DeviceStatus[] {
  if (cacheFile) {
    try {
      return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as DeviceStatus[];
    } catch {
      // not probed yet in this run
    }
  }
  const fromSource = __filename.endsWith('.ts');
  const script = `require(${JSON.stringify(__filename)}).probeDevices().then((s) => process.stdout.write(JSON.stringify(s)))`;
  // From the TypeScript sources (this repository's own runs) the probe loads them through bin/register-ts.cjs.
  const loadSource = fromSource ? ['-r', path.join(__dirname, '..', '..', 'bin', 'register-ts.cjs')] : [];
  const child = spawnSync(process.execPath, [...loadSource, '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  let statuses: DeviceStatus[];
  try {
    statuses = JSON.parse(child.stdout) as DeviceStatus[];
  } catch {
    const why = (child.error?.message ?? child.stderr ?? '').split('\n').filter(Boolean).slice(-1)[0] ?? `exit ${child.status}`;
    // The CPU provider ships inside onnxruntime-node; if even probing failed, say so per device.
    statuses = KNOWN_DEVICES.map((device) => ({ device, available: device === 'cpu', reason: device === 'cpu' ? undefined : `device probe failed: ${why}` }));
  }
  if (cacheFile) {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const temp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(statuses));
      fs.renameSync(temp, cacheFile);
    } catch {
      // a read-only run dir only costs another probe
    }
  }
  return statuses;
}
