import { describe, expect, it } from 'vitest';
import { completionScript } from './completion-scripts.js';
import { commandSpec } from './completion.js';
import { buildProgram } from './main.js';

const root = commandSpec(await buildProgram());

describe('completion scripts', () => {
  it('cover every command and subcommand of the program', () => {
    const bash = completionScript('bash', root);
    const fish = completionScript('fish', root);
    const zsh = completionScript('zsh', root);
    for (const command of root.subcommands) {
      expect(bash).toMatch(new RegExp(`''\\) echo '[^']*\\b${command.name}\\b`));
      expect(fish).toContain(`-a ${command.name} `);
      for (const sub of command.subcommands) {
        expect(bash).toMatch(new RegExp(`'${command.name}'\\) echo '[^']*\\b${sub.name}\\b`));
        expect(bash).toContain(`'${command.name} ${sub.name}') echo '`);
        expect(fish).toContain(`__fish_seen_subcommand_from ${command.name}`);
        expect(fish).toContain(`-a ${sub.name} `);
      }
    }
    expect(zsh).toMatch(/^#compdef keelson/);
    expect(zsh).toContain('bashcompinit');
  });

  it('list long options per command', () => {
    const bash = completionScript('bash', root);
    expect(bash).toMatch(/'app sync'\) echo '[^']*--prune[^']*--resource[^']*--async/);
    expect(bash).toMatch(/'diff'\) echo '[^']*--local[^']*--app/);
    expect(completionScript('fish', root)).toContain(
      "complete -c keelson -n '__fish_seen_subcommand_from app; and __fish_seen_subcommand_from sync' -l prune",
    );
  });

  it('includes the app, proj, repo, cluster, account and completion commands', () => {
    const names = root.subcommands.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'app',
        'proj',
        'repo',
        'cluster',
        'login',
        'logout',
        'account',
        'diff',
        'completion',
      ]),
    );
  });
});
