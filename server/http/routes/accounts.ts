// Accounts, for admins: the list, inviting a person (a new account and its one-time link), a new link
// for an account, changing its role, disabling or enabling it, signing it out everywhere, its tokens.
import { type Request } from 'express';
import { AccountChange, NewAccountInput } from '../../domain/accounts';
import { accountToChange, addAccount, changeRole, inviteAccount, setDisabled, signOutEverywhere, type Acting } from '../../accounts/accounts';
import type { GuardedRouter } from '../access';
import { auditActor, clientAddress } from '../auth';
import { personal } from '../caching';
import { actorNeeded, parseBody, parseId, requireJson, jsonBody, wholeRequest } from '../request';
import type { RouteContext } from './context';

export function accountRoutes(r: GuardedRouter, { store }: RouteContext): void {
  const json = jsonBody;
  const acting = (req: Request, res: Parameters<typeof actorNeeded>[0]): Acting => ({ store, by: auditActor(actorNeeded(res)), address: clientAddress(req) });

  r.get('/accounts', (_req, res) => {
    res.json({ items: store.listAccounts() });
  });

  r.post('/accounts', requireJson, json, (req, res) => {
    const { name, role } = parseBody(NewAccountInput, req.body, 'account');
    const { account, invitation } = addAccount(acting(req, res), name, role);
    personal(res);
    res.status(201).location(`/api/accounts/${account.id}`).json({ account: store.toAccount(account), invitation });
  });

  r.patch('/accounts/:id', requireJson, json, (req, res) => {
    const id = parseId(req);
    const change = parseBody(AccountChange, req.body, 'account change');
    const ctx = acting(req, res);
    // Both changes or neither: a refused second one (the last admin disabled) must not leave the first.
    store.transaction(() => {
      const account = accountToChange(store, id);
      if (change.role !== undefined) changeRole(ctx, account, change.role);
      if (change.disabled !== undefined) setDisabled(ctx, store.accountById(id)!, change.disabled);
    });
    res.json(store.toAccount(store.accountById(id)!));
  });

  r.post('/accounts/:id/invitation', wholeRequest, (req, res) => {
    const id = parseId(req);
    const invitation = inviteAccount(acting(req, res), accountToChange(store, id));
    personal(res);
    res.status(201).json({ invitation });
  });

  r.post('/accounts/:id/sign-out', wholeRequest, (req, res) => {
    const id = parseId(req);
    res.json({ sessions_ended: signOutEverywhere(acting(req, res), accountToChange(store, id)) });
  });

  r.get('/accounts/:id/tokens', (req, res) => {
    res.json({ items: store.apiTokensOf(accountToChange(store, parseId(req)).id) });
  });
}
