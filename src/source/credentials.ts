import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepoUrl } from './repo-url.js';
import { RepositoryNotAllowedError } from './errors.js';

/**
 * Credentials for one repository, with the field names of an Argo CD
 * repository secret. HTTPS uses `username` + `password` (a token is a
 * password; the user name defaults to `x-access-token`) or `bearerToken`; SSH
 * uses `sshPrivateKey` (unencrypted, OpenSSH or PEM format).
 */
export interface RepoCredentials {
  readonly username?: string;
  readonly password?: string;
  readonly bearerToken?: string;
  readonly sshPrivateKey?: string;
  /** known_hosts lines for this repository's SSH host; overrides the source-wide list. */
  readonly sshKnownHosts?: string;
}

/** What one git call needs to authenticate: environment additions and secrets to scrub. */
export interface GitAuth {
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
  /** Deletes the private files (SSH key, known_hosts) written for this call. */
  dispose(): Promise<void>;
}

/**
 * Answers git's credential prompts from two environment variables. Git calls
 * it with the prompt as its only argument ("Username for ...", "Password for
 * ..."). Credentials thus never appear in process arguments or on disk, and
 * are given only to the repository's own host, not to a host it redirects to.
 */
const ASKPASS_SCRIPT = `#!/bin/sh
# Only the repository's own host gets an answer (git prompts "... for 'https://[user@]host': ").
case "$1" in
  *"//\${KEELSON_GIT_HOST-}'"* | *"@\${KEELSON_GIT_HOST-}'"*) ;;
  *) exit 1 ;;
esac
[ -n "\${KEELSON_GIT_HOST-}" ] || exit 1
case "$1" in
  Username*) printf '%s\\n' "\${KEELSON_GIT_USERNAME-}" ;;
  *) printf '%s\\n' "\${KEELSON_GIT_PASSWORD-}" ;;
esac
`;

/**
 * The program git runs instead of ssh (GIT_SSH, with GIT_SSH_VARIANT=ssh).
 * Its content is fixed; the key and known_hosts paths arrive through the
 * environment and are always quoted, so no path can be read as shell syntax.
 * Host keys are checked strictly against the supplied known_hosts only; the
 * user's ~/.ssh configuration and agent are ignored.
 */
const SSH_SCRIPT = `#!/bin/sh
if [ -n "\${KEELSON_SSH_KEY_FILE-}" ]; then
  set -- -i "$KEELSON_SSH_KEY_FILE" "$@"
fi
exec "\${KEELSON_SSH_BINARY:-ssh}" -F /dev/null \\
  -o BatchMode=yes -o IdentitiesOnly=yes -o IdentityAgent=none -o PasswordAuthentication=no \\
  -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$KEELSON_SSH_KNOWN_HOSTS_FILE" \\
  -o GlobalKnownHostsFile=/dev/null -o UpdateHostKeys=no \\
  -o ConnectTimeout=30 -o ServerAliveInterval=15 -o ServerAliveCountMax=4 "$@"
`;

export interface HelperScripts {
  readonly askpass: string;
  readonly ssh: string;
}

/** Writes the askpass and ssh helper scripts (mode 0700) into `dir`, once. */
export async function ensureHelperScripts(dir: string): Promise<HelperScripts> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const askpass = join(dir, 'git-askpass.sh');
  const ssh = join(dir, 'git-ssh.sh');
  await writeIfChanged(askpass, ASKPASS_SCRIPT);
  await writeIfChanged(ssh, SSH_SCRIPT);
  return { askpass, ssh };
}

async function writeIfChanged(path: string, content: string): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current !== content) {
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, content, { mode: 0o700 });
    await rename(tmp, path);
  }
  await chmod(path, 0o700);
}

export interface GitAuthContext {
  readonly scripts: HelperScripts;
  /** A private (0700) directory for per-call key files. */
  readonly tmpDir: string;
  /** Source-wide known_hosts content for SSH. */
  readonly knownHosts?: string;
  readonly sshBinary?: string;
}

/**
 * Prepares the environment through which credentials reach git for one call:
 * askpass variables for HTTPS basic auth, an `http.extraHeader` passed via
 * GIT_CONFIG_* variables for bearer tokens, and for SSH a key file written
 * 0600 in a fresh private directory plus a known_hosts file.
 */
export async function prepareGitAuth(
  url: RepoUrl,
  credentials: RepoCredentials | undefined,
  ctx: GitAuthContext,
): Promise<GitAuth> {
  const env: Record<string, string> = {};
  const secrets: string[] = [];
  let privateDir: string | undefined;
  const dispose = async (): Promise<void> => {
    if (privateDir) await rm(privateDir, { recursive: true, force: true });
  };
  const password = credentials?.password ?? url.password;
  if (url.transport === 'https' || url.transport === 'http') {
    if (credentials?.bearerToken) {
      env.GIT_CONFIG_COUNT = '1';
      env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
      env.GIT_CONFIG_VALUE_0 = `Authorization: Bearer ${credentials.bearerToken}`;
      secrets.push(credentials.bearerToken);
    } else if (password !== undefined) {
      env.KEELSON_GIT_HOST = new URL(url.gitUrl).host;
      env.KEELSON_GIT_USERNAME = credentials?.username ?? url.username ?? 'x-access-token';
      env.KEELSON_GIT_PASSWORD = password;
      secrets.push(password);
    }
  } else if (url.transport === 'ssh') {
    const knownHosts = credentials?.sshKnownHosts ?? ctx.knownHosts;
    if (!knownHosts?.trim())
      throw new RepositoryNotAllowedError(
        url.display,
        'no SSH known_hosts entries are configured; refusing to connect without host key checking',
      );
    await mkdir(ctx.tmpDir, { recursive: true, mode: 0o700 });
    privateDir = await mkdtemp(join(ctx.tmpDir, 'ssh-'));
    const knownHostsFile = join(privateDir, 'known_hosts');
    await writeFile(knownHostsFile, ensureNewline(knownHosts), { mode: 0o600 });
    env.KEELSON_SSH_KNOWN_HOSTS_FILE = knownHostsFile;
    if (credentials?.sshPrivateKey) {
      const keyFile = join(privateDir, 'id');
      await writeFile(keyFile, ensureNewline(credentials.sshPrivateKey), { mode: 0o600 });
      env.KEELSON_SSH_KEY_FILE = keyFile;
      secrets.push(...keyLines(credentials.sshPrivateKey));
    }
    if (ctx.sshBinary) env.KEELSON_SSH_BINARY = ctx.sshBinary;
  }
  return { env, secrets, dispose };
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The body lines of a key, so that no fragment of it survives in a message. */
function keyLines(key: string): string[] {
  return key
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 16 && !l.startsWith('-----'));
}
