// Invitation links (`/#invite=…`): what one is for, and accepting it (setting the password, which also
// signs the person in). A link that cannot be used is 401 and counts as a failed attempt: its secret is
// a credential.
import { InvitationAccept, InvitationLookup } from '../../domain/accounts';
import { acceptInvitation, lookupInvitation } from '../../accounts/accounts';
import type { GuardedRouter } from '../access';
import { clientAddress } from '../auth';
import { personal } from '../caching';
import { ApiError } from '../errors';
import { parseBody, requireJson, jsonBody } from '../request';
import type { RouteContext } from './context';
import { answerSignedIn } from './session';
import { newSessionFor } from '../sign-in';

export function invitationRoutes(r: GuardedRouter, { store, auth }: RouteContext): void {
  const json = jsonBody;

  r.post('/invitations/lookup', requireJson, json, async (req, res, next) => {
    const { secret } = parseBody(InvitationLookup, req.body, 'invitation');
    if (await auth.blocked(req)) throw auth.limited();
    const found = lookupInvitation(store, secret);
    if (!found) {
      auth.fail(req, res, next, new ApiError('unauthorized', 'This invitation link is not valid: it was used already, replaced by a newer one, or is more than 7 days old. Ask an admin for a new one.'));
      return;
    }
    personal(res);
    res.json(found);
  });

  r.post('/invitations/accept', requireJson, json, async (req, res, next) => {
    const input = parseBody(InvitationAccept, req.body, 'invitation');
    if (await auth.blocked(req)) throw auth.limited();
    let accepted;
    try {
      accepted = await acceptInvitation(store, input, clientAddress(req), (account) => newSessionFor(store, account, clientAddress(req)));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'unauthorized') {
        auth.fail(req, res, next, e);
        return;
      }
      throw e;
    }
    answerSignedIn(req, res, { ...accepted.session, account: accepted.account });
  });
}
