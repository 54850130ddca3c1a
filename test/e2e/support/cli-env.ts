import { createServer } from 'node:net';

export {
  createGitRepo,
  startLocalCluster,
  type GitRepoFixture,
  type LocalCluster,
} from '../../../src/testenv/index.js';

/** A free loopback port (for a server a test starts in another process). */
export function freePortForTests(): Promise<number> {
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
