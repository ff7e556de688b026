// What the page offers each person: editors the report tools; admins also "Rename or merge",
// "Accounts" and "Audit log"; every signed-in person "Account" (password, tokens). The server enforces
// the same per route (server/http/access.ts); hiding only spares people buttons they may not use.
// The dialogs are part of the writing tools, loaded on first use.
import { byId, h, replace } from './dom';
import { mayDo, onSessionChange, session } from './session';

const writing = () => import('./writing.js');
function open(use: (w: Awaited<ReturnType<typeof writing>>) => unknown): void {
  writing().then(use, (e: unknown) => replace(byId('notice'), h('span', {}, `The tools did not load: ${(e as Error)?.message ?? String(e)}`)));
}

function show(): void {
  const admin = mayDo('admin');
  for (const id of ['rename-open', 'accounts-open', 'audit-open']) byId(id).hidden = !admin;
  byId('account-open').hidden = !session().signed_in;
}

export function wireRoleTools(): void {
  byId('account-open').addEventListener('click', () => open((w) => w.openAccount()));
  byId('accounts-open').addEventListener('click', () => open((w) => w.openAccounts()));
  byId('audit-open').addEventListener('click', () => open((w) => w.openAudit()));
  onSessionChange(show);
  show();
}
