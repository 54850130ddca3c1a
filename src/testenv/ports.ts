import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { KeelsonError } from '../core/index.js';

/** A port the user asked for is already taken by another program. */
export class PortInUseError extends KeelsonError {
  constructor(readonly port: number) {
    super(
      `port ${port} on 127.0.0.1 is already in use; choose another or stop the program using it`,
    );
  }
}

/** Where Linux and macOS start handing out source ports for outgoing connections. */
const EPHEMERAL_START_FALLBACK = 32768;
/** The lowest port handed out: above the common well-known services. */
const LOWEST_PORT = 20000;

/**
 * The first port of the kernel's ephemeral range (Linux:
 * `net.ipv4.ip_local_port_range`), from which outgoing connections take
 * their source ports and `listen(0)` its answers.
 */
export function ephemeralRangeStart(): number {
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return start !== undefined && start > LOWEST_PORT ? start : EPHEMERAL_START_FALLBACK;
  } catch {
    return EPHEMERAL_START_FALLBACK;
  }
}

async function isFree(port: number): Promise<boolean> {
  return assertPortFree(port).then(
    () => true,
    () => false,
  );
}

/**
 * Returns `count` distinct free loopback ports for components that bind
 * them a little later. They are picked below the ephemeral range: a port
 * from that range that is free now can become the source port of any
 * outgoing connection before the component binds it ("address already in
 * use"), which happened with a test suite holding hundreds of connections.
 */
export async function freePorts(count: number): Promise<number[]> {
  const end = ephemeralRangeStart();
  const ports = new Set<number>();
  for (let attempt = 0; ports.size < count; attempt++) {
    if (attempt > 1000) throw new KeelsonError(`no ${count} free ports below ${end} on 127.0.0.1`);
    const port = LOWEST_PORT + Math.floor(Math.random() * (end - LOWEST_PORT));
    if (!ports.has(port) && (await isFree(port))) ports.add(port);
  }
  return [...ports];
}

/** Throws {@link PortInUseError} when `port` cannot be bound on 127.0.0.1. */
export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port) : err),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
