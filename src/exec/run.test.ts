import { describe, expect, it } from 'vitest';
import { runTool, ToolFailedError, ToolNotFoundError } from './index.js';

describe('runTool', () => {
  it('passes arguments literally, never through a shell', async () => {
    const { stdout } = await runTool('printf', ['%s', '$(echo pwned); `id`'], { timeoutMs: 5_000 });
    expect(stdout).toBe('$(echo pwned); `id`');
  });

  it('reports a failing program with its exit code and redacted stderr', async () => {
    const attempt = runTool('sh', ['-c', 'echo "bad token hunter22" >&2; exit 3'], {
      timeoutMs: 5_000,
      redact: ['hunter22'],
    });
    const err = (await attempt.catch((e: unknown) => e)) as ToolFailedError;
    expect(err).toBeInstanceOf(ToolFailedError);
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('bad token ***');
    expect(err.message).not.toContain('hunter22');
  });

  it('kills a program that outlives its timeout', async () => {
    const err = (await runTool('sleep', ['30'], { timeoutMs: 200 }).catch(
      (e: unknown) => e,
    )) as ToolFailedError;
    expect(err).toBeInstanceOf(ToolFailedError);
    expect(err.timedOut).toBe(true);
    expect(err.message).toContain('timed out');
  });

  it('names a program that is not installed', async () => {
    await expect(runTool('keelson-no-such-tool', [], { timeoutMs: 5_000 })).rejects.toBeInstanceOf(
      ToolNotFoundError,
    );
  });
});
