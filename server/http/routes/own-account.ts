// What every account may do to itself: change its password (ending its other sessions), and keep its
// personal API tokens (create one, shown once; list; revoke). An admin may revoke anyone's token.
import { type Request, type Response } from 'express';
import { NewTokenInput, PasswordChange } from '../../domain/accounts';
import { changePassword, createToken, revokeToken, type Acting } from '../../accounts/accounts';
import type { AccountRow } from '../../db/store';
import type { GuardedRouter } from '../access';
import { auditActor, clientAddress, type Actor } from '../auth';
import { personal } from '../caching';
import { ApiError } from '../errors';
import { actorNeeded, parseBody, parseId, requireJson, jsonBody, wholeRequest } from '../request';
import type { RouteContext } from './context';

export function ownAccountRoutes(r: GuardedRouter, { store, auth }: RouteContext): void {
  const json = jsonBody;
  const acting = (req: Request, actor: Actor): Acting => ({ store, by: auditActor(actor), address: clientAddress(req) });

  /** The actor's own account: the bootstrap token has none. */
  const ownAccount = (res: Response): { actor: Actor; account: AccountRow } => {
    const actor = actorNeeded(res);
    const account = actor.kind === 'account' ? store.accountById(actor.id) : undefined;
    if (!account) throw new ApiError('forbidden', 'The bootstrap token has no account of its own: sign in with an account for this.');
    return { actor, account };
  };

  r.put('/account/password', requireJson, json, async (req, res, next) => {
    const input = parseBody(PasswordChange, req.body, 'password change');
    const { actor, account } = ownAccount(res);
    if (await auth.blocked(req)) throw auth.limited();
    let ended: number;
    try {
      ended = await changePassword(acting(req, actor), account, input.current_password, input.password, actor.kind === 'account' ? actor.sessionHash : undefined);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'unauthorized') {
        auth.fail(req, res, next, e);
        return;
      }
      throw e;
    }
    personal(res);
    res.json({ changed: true, sessions_ended: ended });
  });

  r.get('/tokens', (_req, res) => {
    const { account } = ownAccount(res);
    res.json({ items: store.apiTokensOf(account.id) });
  });

  r.post('/tokens', requireJson, json, (req, res) => {
    const { name } = parseBody(NewTokenInput, req.body, 'token');
    const { actor, account } = ownAccount(res);
    const token = createToken(acting(req, actor), account, name);
    personal(res);
    res.status(201).json(token);
  });

  r.delete('/tokens/:id', wholeRequest, (req, res) => {
    const id = parseId(req);
    const actor = actorNeeded(res);
    revokeToken(acting(req, actor), id, actor.role === 'admin' ? undefined : actor.id ?? -1);
    res.status(204).end();
  });
}
