import { describe, expect, it } from 'vitest';
import {
  BackendError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../service/index.js';
import { ExitCode, describeError, reportErrors } from './exit.js';

describe('error reporting', () => {
  it('adds what to do to 401 and 403, and leaves other messages as they are', () => {
    expect(describeError(new BackendError('token expired', 401))).toBe(
      'token expired (run keelson login)',
    );
    expect(describeError(new UnauthenticatedError())).toBe(
      'not logged in or session expired; run keelson login',
    );
    expect(describeError(new ForbiddenError('applications, sync, default/shop'))).toBe(
      'permission denied: applications, sync, default/shop',
    );
    expect(describeError(new NotFoundError('Application', 'shop'))).toBe(
      'Application "shop" not found',
    );
  });

  it('ends an action with its exit code: 1 by default, 2 for diff commands, or the error own code', async () => {
    const fail = (err: unknown) => reportErrors(async () => Promise.reject(err));
    const write = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      await expect(fail(new Error('x'))()).rejects.toMatchObject({ exitCode: 1 });
      await expect(
        reportErrors(async () => Promise.reject(new Error('x')), 2)(),
      ).rejects.toMatchObject({
        exitCode: 2,
      });
      await expect(fail(Object.assign(new Error('late'), { exitCode: 2 }))()).rejects.toMatchObject(
        {
          exitCode: 2,
        },
      );
      await expect(fail(new ExitCode(1))()).rejects.toBeInstanceOf(ExitCode);
    } finally {
      process.stderr.write = write;
    }
  });
});
