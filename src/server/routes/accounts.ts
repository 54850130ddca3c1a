import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { isAction, isResource } from '../../api/index.js';
import { InvalidRequestError } from '../../service/index.js';
import { accountView, type Principal } from '../auth/index.js';
import {
  authorize,
  NameParams,
  PasswordBody,
  principalOf,
  TokenBody,
  type Api,
  type ServerContext,
} from '../http/index.js';

/**
 * Local accounts: list, password, API tokens, can-i. Acting on one's own
 * account needs no RBAC (the password change needs the current password);
 * on another's, `accounts, get|update, <name>`.
 */
export function accountRoutes(app: Api, ctx: ServerContext): void {
  const schema = { tags: ['accounts'] };
  // `audit` names what was asked for in the audit log (`create-token`), whatever RBAC decides.
  const onAccount = (
    request: FastifyRequest,
    action: 'get' | 'update',
    name: string,
    audit: string = action,
  ): Principal => {
    try {
      const principal = principalOf(request);
      if (principal.username === name && principal.via !== 'sso') return principal;
      return authorize(ctx, request, 'accounts', action, name);
    } finally {
      request.audit = { resource: 'accounts', action: audit, object: name };
    }
  };

  app.get('/api/v1/account', { schema }, async (request) => {
    const principal = principalOf(request);
    const items = ctx.accounts
      .list()
      .filter(
        (a) =>
          a.name === principal.username ||
          ctx.store.enforcer.can(principal, 'accounts', 'get', a.name),
      )
      .map(accountView);
    return { items };
  });

  app.get(
    '/api/v1/account/:name',
    { schema: { ...schema, params: NameParams } },
    async (request) => {
      onAccount(request, 'get', request.params.name);
      return accountView(ctx.accounts.get(request.params.name));
    },
  );

  app.put(
    '/api/v1/account/password',
    { schema: { ...schema, body: PasswordBody } },
    async (request) => {
      const principal = principalOf(request);
      onAccount(request, 'update', request.body.name ?? principal.username);
      await ctx.accounts.updatePassword(principal, request.body);
      return {};
    },
  );

  app.post(
    '/api/v1/account/:name/token',
    { schema: { ...schema, params: NameParams, body: Type.Optional(TokenBody) } },
    async (request) => {
      const { name } = request.params;
      onAccount(request, 'update', name, 'create-token');
      return ctx.accounts.createToken(name, request.body ?? {});
    },
  );

  app.delete(
    '/api/v1/account/:name/token/:id',
    {
      schema: {
        ...schema,
        params: Type.Object({ name: Type.String(), id: Type.String() }),
      },
    },
    async (request) => {
      const { name, id } = request.params;
      onAccount(request, 'update', name, `delete-token ${id}`);
      await ctx.accounts.deleteToken(name, id);
      return {};
    },
  );

  app.get(
    '/api/v1/account/can-i/:resource/:action/:object',
    {
      schema: {
        ...schema,
        params: Type.Object({
          resource: Type.String(),
          action: Type.String(),
          object: Type.String(),
        }),
      },
    },
    async (request) => {
      const { resource, action, object } = request.params;
      if (!isResource(resource)) throw new InvalidRequestError(`unknown resource "${resource}"`);
      if (!isAction(action)) throw new InvalidRequestError(`unknown action "${action}"`);
      const allowed = ctx.store.enforcer.can(principalOf(request), resource, action, object);
      return { value: allowed ? 'yes' : 'no' };
    },
  );
}
