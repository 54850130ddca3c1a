export { createGitRepo, type GitRepoFixture, type CreateGitRepoOptions } from './git-repo.js';
export {
  startGitHttpServer,
  type GitHttpServer,
  type GitHttpServerOptions,
  type GitHttpCredentials,
} from './git-http-server.js';
