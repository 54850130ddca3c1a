import { describe, expect, it } from 'vitest';
import { LoginRateLimitedError, WebhookTooLargeError } from '../../api/index.js';
import { ConflictError, NotFoundError } from '../../service/index.js';
import { errorReply } from './index.js';

describe('errorReply', () => {
  it.each([
    [new NotFoundError('application', 'shop'), 404, 'application "shop" not found'],
    [new ConflictError('an operation is running'), 409, 'an operation is running'],
    [
      new WebhookTooLargeError(30, 20),
      413,
      'webhook payload of 30 bytes exceeds the limit of 20 bytes',
    ],
  ])('answers %s with its status and message', (err, status, message) => {
    expect(errorReply(err)).toEqual({ status, body: { error: message, code: status } });
  });

  it('adds Retry-After to a login lock-out', () => {
    expect(errorReply(new LoginRateLimitedError(1500, 'user'))).toEqual({
      status: 429,
      body: { error: 'too many failed logins for this user; retry in 2 s', code: 429 },
      headers: { 'retry-after': '2' },
    });
  });

  it('hides the details of an unexpected error', () => {
    expect(errorReply(new TypeError('token=abc at line 3'))).toEqual({
      status: 500,
      body: { error: 'internal server error (details are in the server log)', code: 500 },
    });
  });
});
