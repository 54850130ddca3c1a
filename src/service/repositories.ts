import { normalizeRepoURL } from '../apis/index.js';
import { SECRET_TYPE_LABEL, type SecretLike } from '../credentials/index.js';
import type { BackendContext } from './context.js';
import { AlreadyExistsError, NotFoundError } from './errors.js';
import { repositorySecret, toRepositoryView, validateRepositoryURL } from './repo-secret.js';
import type { RepositoryOperations, RepositoryRequest, RepositoryView } from './types.js';

const REPOSITORY_SECRETS = `${SECRET_TYPE_LABEL} in (repository,repo-creds)`;

/** Repository credentials in labelled Secrets, in Argo CD's format; views never carry a secret. */
export class DirectRepositories implements RepositoryOperations {
  constructor(private readonly ctx: BackendContext) {}

  async list(): Promise<readonly RepositoryView[]> {
    const secrets = await this.ctx.secrets.list(REPOSITORY_SECRETS);
    return secrets
      .flatMap((s) => toRepositoryView(s as SecretLike) ?? [])
      .sort((a, b) => a.url.localeCompare(b.url) || a.secretName.localeCompare(b.secretName));
  }

  /** By URL (compared normalized); a `repository` entry wins over a template for the same URL. */
  async get(url: string): Promise<RepositoryView> {
    const found = await this.find(url);
    if (!found) throw new NotFoundError('repository', url);
    return found;
  }

  private async find(url: string): Promise<RepositoryView | undefined> {
    const wanted = normalizeRepoURL(url);
    const matches = (await this.list()).filter((r) => normalizeRepoURL(r.url) === wanted);
    return matches.find((r) => r.credentialType === 'repository') ?? matches[0];
  }

  /** Writes the Secret; an existing entry for the URL is {@link AlreadyExistsError} unless `upsert`. */
  async add(request: RepositoryRequest): Promise<RepositoryView> {
    validateRepositoryURL(
      request.url,
      request.type ?? 'git',
      this.ctx.options.allowLocalRepos ?? false,
    );
    const credentialType = request.credentialTemplate ? 'repo-creds' : 'repository';
    const existing = (await this.list()).find(
      (r) =>
        r.credentialType === credentialType &&
        normalizeRepoURL(r.url) === normalizeRepoURL(request.url),
    );
    if (existing && !request.upsert) throw new AlreadyExistsError('repository', request.url);
    const secret = repositorySecret(request, this.ctx.namespace, existing?.secretName);
    let written;
    if (existing) {
      const live = await this.ctx.secrets.get(existing.secretName);
      // A PUT replaces `data` whole: keys not given any more are gone.
      written = await this.ctx.secrets.replace({
        ...secret,
        metadata: {
          ...live.metadata,
          labels: { ...live.metadata.labels, ...secret.metadata.labels },
        },
      });
    } else {
      written = await this.ctx.secrets.create(secret);
    }
    const view = toRepositoryView(written as SecretLike);
    if (!view) throw new NotFoundError('repository', request.url);
    return view;
  }

  /** Deletes the Secret (only Secrets carrying the repository label are ever found). */
  async remove(url: string): Promise<void> {
    const found = await this.get(url);
    await this.ctx.secrets.delete(found.secretName);
  }
}
