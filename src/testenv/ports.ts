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

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Returns `count` distinct free loopback ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
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
