import { spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';

/** An SSH key pair in OpenSSH format. */
export interface SshKeyPair {
  readonly privateKey: string;
  /** `ssh-ed25519 AAAA… comment` */
  readonly publicKey: string;
}

export interface SshGitServerOptions {
  /** Directory whose subdirectories are repositories (`ssh://git@host:port/<name>`). */
  readonly root: string;
  /** Public keys (OpenSSH format) allowed to log in. */
  readonly authorizedKeys: readonly string[];
  /** User name clients must use (default `git`). */
  readonly username?: string;
}

/** A running SSH server on 127.0.0.1 that serves `git-upload-pack` (clone, fetch, ls-remote) only. */
export interface SshGitServer {
  readonly port: number;
  /** `ssh://git@127.0.0.1:<port>/<name>` */
  urlFor(name: string): string;
  /** A known_hosts line for this server's host key. */
  readonly knownHosts: string;
  /** Connections accepted so far. */
  readonly connectionCount: number;
  close(): Promise<void>;
}

/** Generates an ed25519 key pair (OpenSSH format). */
export function generateSshKeyPair(comment = 'keelson-test'): SshKeyPair {
  // ssh2's generator now and then writes an ed25519 key that its own parser
  // refuses ("Malformed OpenSSH private key", seen once in CI): draw again.
  for (let attempt = 1; ; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error) || attempt >= 10)
      return { privateKey: pair.private, publicKey: pair.public.trim() };
  }
}

/**
 * A real SSH server (ssh2, in-process) in front of `git upload-pack`, with
 * public-key authentication and its own host key, so clients exercise real
 * key authentication and strict known_hosts checking.
 */
export async function startSshGitServer(options: SshGitServerOptions): Promise<SshGitServer> {
  const hostKey = generateSshKeyPair('keelson-test-host');
  const allowed = options.authorizedKeys.map((k) => {
    const parsed = ssh2.utils.parseKey(k);
    if (parsed instanceof Error) throw parsed;
    return parsed;
  });
  const username = options.username ?? 'git';
  let connectionCount = 0;
  const server = new ssh2.Server({ hostKeys: [hostKey.privateKey] }, (client) => {
    connectionCount++;
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.username !== username || ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const key = allowed.find(
        (a) =>
          a.type === ctx.key.algo &&
          a.getPublicSSH().length === ctx.key.data.length &&
          timingSafeEqual(a.getPublicSSH(), ctx.key.data),
      );
      if (!key) return ctx.reject(['publickey']);
      if (ctx.signature && ctx.blob && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true)
        return ctx.reject(['publickey']);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        const env: Record<string, string> = {};
        session.on('env', (accept, _reject, info) => {
          if (info.key === 'GIT_PROTOCOL') env.GIT_PROTOCOL = info.val;
          accept?.();
        });
        session.on('exec', (accept, reject, info) => {
          const match = /^git[- ]upload-pack '?\/?([A-Za-z0-9._-]+)'?$/.exec(info.command);
          const name = match?.[1];
          if (!name || name.includes('..')) return reject();
          const stream = accept();
          const child = spawn('git', ['upload-pack', join(options.root, name)], {
            env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', ...env },
            stdio: ['pipe', 'pipe', 'pipe'],
          });
          stream.pipe(child.stdin);
          child.stdout.pipe(stream, { end: false });
          child.stderr.pipe(stream.stderr, { end: false });
          child.on('close', (code) => {
            stream.exit(code ?? 1);
            stream.end();
          });
          child.on('error', () => {
            stream.exit(1);
            stream.end();
          });
        });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const [algo, data] = hostKey.publicKey.split(' ');
  return {
    port,
    urlFor: (name) => `ssh://${username}@127.0.0.1:${port}/${name}`,
    knownHosts: `[127.0.0.1]:${port} ${algo ?? ''} ${data ?? ''}\n`,
    get connectionCount() {
      return connectionCount;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
