import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterLayout } from './components.js';

/** Phase of a local cluster, as its supervisor reports it. */
export type ClusterPhase = 'Starting' | 'Ready' | 'Failed' | 'Stopping';

/** What the supervisor of a local cluster writes to `status.json`. */
export interface ClusterStatus {
  readonly phase: ClusterPhase;
  /** Supervisor pid; it leads the process group holding every component. */
  readonly pid: number;
  readonly server?: string;
  readonly kubeconfig?: string;
  /** Why the cluster failed, in one line. */
  readonly message?: string;
  /** The log to read when something went wrong. */
  readonly logPath?: string;
  readonly updatedAt: string;
}

/** What the parent hands the supervisor in `spec.json`. */
export interface SupervisorSpec {
  readonly layout: ClusterLayout;
  /** Tear the cluster down and delete its directory when this process exits. */
  readonly ownerPid?: number;
  readonly readyTimeoutMs: number;
}

export const specPath = (dir: string): string => join(dir, 'spec.json');
export const statusPath = (dir: string): string => join(dir, 'status.json');

export async function readStatus(dir: string): Promise<ClusterStatus | undefined> {
  try {
    return JSON.parse(await readFile(statusPath(dir), 'utf8')) as ClusterStatus;
  } catch {
    return undefined;
  }
}

/** Writes status atomically so a reader never sees half a file. */
export async function writeStatus(
  dir: string,
  status: Omit<ClusterStatus, 'updatedAt'>,
): Promise<void> {
  const tmp = `${statusPath(dir)}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ ...status, updatedAt: new Date().toISOString() }, null, 2));
  await rename(tmp, statusPath(dir));
}
