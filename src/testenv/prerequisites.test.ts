import { describe, expect, it } from 'vitest';
import { MissingPrerequisiteError } from '../core/index.js';
import { ensureGit, ensureGo, ensureOpenssl } from './prerequisites.js';

// A PATH with nothing on it: every prerequisite is "not installed".
const bare = { ...process.env, PATH: '/nonexistent' };

describe('prerequisites', () => {
  it('names each missing program and how to get it, in one line', async () => {
    await expect(ensureGit(bare)).rejects.toThrow(
      'missing prerequisite: git (install git, e.g. `apt-get install git`)',
    );
    await expect(ensureOpenssl(bare)).rejects.toBeInstanceOf(MissingPrerequisiteError);
    const go = await ensureGo(bare).catch((e: unknown) => e as Error);
    expect(go).toBeInstanceOf(MissingPrerequisiteError);
    expect(go?.message).toMatch(
      /^missing prerequisite: go \(install Go 1\.24 or newer .*KEELSON_BIN_DIR/,
    );
    expect(go?.message).not.toContain('\n');
  });

  it('accepts the programs installed on this machine', async () => {
    await expect(ensureGit()).resolves.toBeUndefined();
    await expect(ensureOpenssl()).resolves.toBeUndefined();
  });
});
