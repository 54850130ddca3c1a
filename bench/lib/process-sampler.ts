/**
 * CPU and memory of a child process, read from /proc (Linux): CPU seconds
 * (user + system, from /proc/<pid>/stat), current and peak resident set
 * (VmRSS, VmHWM from /proc/<pid>/status).
 */
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux

export interface ProcessSample {
  readonly at: number;
  readonly cpuSeconds: number;
  readonly rssBytes: number;
  readonly peakRssBytes: number;
}

export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  };
  return {
    at: performance.now(),
    cpuSeconds: (utime + stime) / CLOCK_TICKS,
    rssBytes: kb('VmRSS'),
    peakRssBytes: kb('VmHWM'),
  };
}

/** CPU use between two samples as a percentage of one core. */
export function cpuPercent(from: ProcessSample, to: ProcessSample): number {
  const wallSeconds = (to.at - from.at) / 1000;
  return wallSeconds > 0 ? ((to.cpuSeconds - from.cpuSeconds) / wallSeconds) * 100 : 0;
}

export const mib = (bytes: number): number => bytes / (1024 * 1024);

/** CPU seconds used so far by each child of `parentPid`, by command name (the cluster's components). */
export function childrenCpuSeconds(parentPid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) !== parentPid) continue;
    const cpu = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    out.set(name, (out.get(name) ?? 0) + cpu);
  }
  return out;
}

/** The whole machine's CPU time so far, from the first line of /proc/stat. */
export interface HostCpu {
  /** Seconds the CPUs ran anything (user, nice, system, irq, softirq). */
  readonly busySeconds: number;
  /**
   * Seconds a virtual machine's CPUs were ready to run but the hypervisor
   * ran something else: on a shared host this makes the same work take
   * longer, and it varies from one run to the next.
   */
  readonly stolenSeconds: number;
}

export function sampleHostCpu(): HostCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const ticks = (v: number | undefined): number => (v ?? 0) / CLOCK_TICKS;
  return {
    busySeconds: ticks(user) + ticks(nice) + ticks(system) + ticks(irq) + ticks(softirq),
    stolenSeconds: ticks(steal),
  };
}

/** "busy N CPU s, stolen M CPU s" between two host samples, for logs. */
export function formatHostCpu(from: HostCpu, to: HostCpu): string {
  const busy = to.busySeconds - from.busySeconds;
  const stolen = to.stolenSeconds - from.stolenSeconds;
  return `machine busy ${busy.toFixed(0)} CPU s, stolen by the hypervisor ${stolen.toFixed(1)} CPU s`;
}
