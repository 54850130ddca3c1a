import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RepositoryNotAllowedError } from './errors.js';

/** How git reaches a repository. `file` covers `file://` URLs and plain local paths. */
export type RepoTransport = 'https' | 'http' | 'ssh' | 'file';

/** A repository URL, checked and split into what git needs and what people may see. */
export interface RepoUrl {
  readonly transport: RepoTransport;
  /** The URL handed to git: user info removed (credentials travel separately). */
  readonly gitUrl: string;
  /** Safe to show in messages and logs: never contains a password. */
  readonly display: string;
  /**
   * Normalized form that identifies the repository in caches: lower-case
   * scheme and host, no user info, no default port, no trailing `/` or `.git`.
   */
  readonly key: string;
  /** A file-system-safe directory name derived from `key`. */
  readonly cacheName: string;
  /** User name found in the URL (`https://bot@host/...`, `git@host:org/repo`). */
  readonly username?: string;
  /** Password found in the URL; moved out so it never reaches process arguments. */
  readonly password?: string;
}

export interface RepoUrlPolicy {
  /** Accept `file://` URLs and local paths (tests, `keelson local`); off in a shared controller. */
  readonly allowLocalRepos: boolean;
}

// `user@host:path`, the scp-like SSH syntax; the host part has no slash.
const SCP_LIKE = /^(?:([^@/\s]+)@)?([^:/\s]+):(?!\/\/)(.+)$/;

/**
 * Parses and vets a repository URL. Only https, http, ssh (URL or scp-like)
 * and — when allowed — local repositories are accepted: git's other
 * transports (`ext::`, `fd::`, `git://`, remote helpers) can run programs or
 * skip authentication, so they are refused outright.
 */
export function parseRepoUrl(raw: string, policy: RepoUrlPolicy): RepoUrl {
  const input = raw.trim();
  const shown = safeDisplay(input);
  if (!input) throw new RepositoryNotAllowedError('(empty)', 'repository URL is empty');
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(input))
    throw new RepositoryNotAllowedError(
      shown,
      'repository URL contains whitespace or control characters',
    );
  if (input.startsWith('-'))
    throw new RepositoryNotAllowedError(shown, 'repository URL must not start with "-"');

  if (isAbsolute(input)) return local(pathToFileURL(input), policy, shown);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input)?.[1]?.toLowerCase();
  if (!scheme) {
    if (input.includes('::'))
      throw new RepositoryNotAllowedError(
        shown,
        'git remote helpers ("transport::address") are not allowed',
      );
    const scp = SCP_LIKE.exec(input);
    if (!scp)
      throw new RepositoryNotAllowedError(
        shown,
        'not a repository URL (expected https://, ssh:// or user@host:path)',
      );
    const [, user, host = '', path = ''] = scp;
    return finish({
      transport: 'ssh',
      gitUrl: input,
      display: input,
      keyBase: `ssh://${host.toLowerCase()}/${path.replace(/^\/+/, '')}`,
      username: user,
    });
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new RepositoryNotAllowedError(shown, 'not a valid URL');
  }
  if (scheme === 'file') return local(url, policy, shown);
  if (scheme !== 'https' && scheme !== 'http' && scheme !== 'ssh')
    throw new RepositoryNotAllowedError(
      shown,
      `transport "${scheme}" is not supported (use https, http or ssh)`,
    );
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  const bare = new URL(url.href);
  bare.password = '';
  if (scheme !== 'ssh') bare.username = '';
  const keyUrl = new URL(url.href);
  keyUrl.username = '';
  keyUrl.password = '';
  return finish({
    transport: scheme,
    gitUrl: bare.href,
    display: bare.href,
    keyBase: `${scheme}://${keyUrl.host.toLowerCase()}${keyUrl.pathname}`,
    username,
    password,
  });
}

function local(url: URL, policy: RepoUrlPolicy, shown: string): RepoUrl {
  if (!policy.allowLocalRepos)
    throw new RepositoryNotAllowedError(
      shown,
      'local repositories (file:// or a path) are not allowed here; enable them with --allow-local-repos',
    );
  if (url.host) throw new RepositoryNotAllowedError(shown, 'file:// URLs must not name a host');
  return finish({ transport: 'file', gitUrl: url.href, display: url.href, keyBase: url.href });
}

function finish(parts: {
  transport: RepoTransport;
  gitUrl: string;
  display: string;
  keyBase: string;
  username?: string;
  password?: string;
}): RepoUrl {
  const key = parts.keyBase
    .replace(/:(443|80|22)(?=\/)/, (m, port: string) =>
      (parts.transport === 'https' && port === '443') ||
      (parts.transport === 'http' && port === '80') ||
      (parts.transport === 'ssh' && port === '22')
        ? ''
        : m,
    )
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  const slug = key
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(-48);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return {
    transport: parts.transport,
    gitUrl: parts.gitUrl,
    display: parts.display,
    key,
    cacheName: `${slug}-${hash}`,
    ...(parts.username ? { username: parts.username } : {}),
    ...(parts.password ? { password: parts.password } : {}),
  };
}

/** A URL as it may be shown in an error message before it has been parsed: any password removed. */
export function safeDisplay(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@\s]*)@/i, (_m, scheme: string, info: string) =>
    info.includes(':') ? `${scheme}${info.slice(0, info.indexOf(':'))}:***@` : `${scheme}${info}@`,
  );
}

/**
 * Resolves a submodule URL against its superproject's URL the way git does:
 * `./x` and `../x` are relative to the superproject URL taken as a directory.
 */
export function resolveRelativeRepoUrl(base: string, relative: string): string {
  if (!relative.startsWith('./') && !relative.startsWith('../')) return relative;
  const scp = /^[a-z][a-z0-9+.-]*:\/\//i.test(base) ? undefined : SCP_LIKE.exec(base);
  if (scp) {
    const [, user, host = '', path = ''] = scp;
    const resolved = new URL(relative, `ssh://h/${path.replace(/\/+$/, '')}/`).pathname.slice(1);
    return `${user ? `${user}@` : ''}${host}:${resolved}`;
  }
  return new URL(relative, `${base.replace(/\/+$/, '')}/`).href;
}
