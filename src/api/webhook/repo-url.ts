/**
 * Reduces a repository URL to `host/path` so that the forms one repository
 * goes by compare equal, as Argo CD's webhook handler does: the scheme
 * (https, http, ssh, git), user info, port, an `ssh.`/`altssh.` host prefix,
 * trailing `/` and `.git` are dropped, the scp-like `git@host:org/repo`
 * becomes `host/org/repo`, and everything is lower-cased (the big hosts
 * treat owner and repository names case-insensitively).
 *
 * Looser than the source layer's cache key on purpose: a push seen at
 * `https://github.com/Acme/Deploy` must refresh an application that
 * deploys from `git@github.com:acme/deploy.git`.
 */
export function normalizeRepoUrl(url: string): string {
  const { host, path } = split(url.trim().toLowerCase());
  const bareHost = host.replace(/^(alt)?ssh\./, '');
  const barePath = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return `${bareHost}/${barePath}`;
}

function split(text: string): { host: string; path: string } {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//.exec(text);
  if (scheme) {
    const rest = text.slice(scheme[0].length);
    const slash = rest.indexOf('/');
    const authority = slash === -1 ? rest : rest.slice(0, slash);
    return {
      host: authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, ''),
      path: slash === -1 ? '' : rest.slice(slash + 1),
    };
  }
  // scp-like `[user@]host:path`
  const scp = /^(?:[^@/]*@)?([^:/]+):(.*)$/.exec(text);
  if (scp) return { host: scp[1] ?? '', path: scp[2] ?? '' };
  const slash = text.indexOf('/');
  return slash === -1
    ? { host: text, path: '' }
    : { host: text.slice(0, slash), path: text.slice(slash + 1) };
}
