import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PortInUseError, assertPortFree, ephemeralRangeStart, freePorts } from './ports.js';

describe('ports for a local control plane', () => {
  it('are distinct, bindable, and outside the range outgoing connections take ports from', async () => {
    const ports = await freePorts(6);
    expect(new Set(ports).size).toBe(6);
    for (const port of ports) {
      expect(port).toBeLessThan(ephemeralRangeStart());
      await expect(assertPortFree(port)).resolves.toBeUndefined();
    }
  });

  it('names a port that is taken', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(assertPortFree(port)).rejects.toBeInstanceOf(PortInUseError);
    } finally {
      server.close();
    }
  });
});
