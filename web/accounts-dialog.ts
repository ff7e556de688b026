// Accounts, for admins: invite a person (a new account and its one-time link, shown once), and for each
// account its role, a new link (a first password or a forgotten one), signing it out everywhere,
// disabling or enabling it, and its tokens. Part of the writing tools; the server enforces all of it.
import { NewAccountInput, ROLES } from '../server/domain/accounts';
import { fieldErrors } from '../server/domain/report';
import { ApiError, accountApi, describeError, type Account, type Invitation, type Role } from './api';
import { shortTime, shownOnce, tokenTable } from './account-dialog';
import { fieldBlock, openModal, setFieldError } from './dialogs';
import { h, message, replace } from './dom';
import { session } from './session';

const ROLE_LABEL: Record<Role, string> = { editor: 'Editor', admin: 'Admin' };

const linkOf = (inv: Invitation) => `${location.origin}${inv.path}`;

/** Opens the accounts dialog. */
export function openAccounts(): void {
  const m = openModal({ id: 'accounts-dialog', title: 'Accounts', wide: true });
  const close = h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Close');
  m.foot.append(close);
  const status = h('p', { class: 'form-saved', role: 'status', id: 'ac-status' });
  const problem = h('p', { class: 'form-problem', role: 'alert', hidden: true, id: 'ac-problem' });
  const shown = h('div', { id: 'ac-link' });
  const list = h('ul', { class: 'account-list', id: 'account-list' }, h('li', {}, message('loading', 'Loading the accounts…')));

  const say = (text: string) => {
    problem.hidden = true;
    replace(status, text);
  };
  const fail = (e: unknown) => {
    replace(status);
    replace(problem, describeError(e));
    problem.hidden = false;
  };
  const showLink = (name: string, inv: Invitation) => {
    replace(shown, shownOnce('ac-invite-link', `The link for ${name}`, linkOf(inv),
      `Send it to ${name} yourself (e-mail, a messenger): it works once, until ${inv.expires_at.slice(0, 10)}, and it is not shown again.`));
    (shown.querySelector('input') as HTMLInputElement).focus();
  };

  // Invite a person.
  const name = h('input', { id: 'ac-name', type: 'text', maxlength: 100, required: true, autocomplete: 'off' });
  const role = h('select', { id: 'ac-role' }, ...ROLES.map((r) => h('option', { value: r }, ROLE_LABEL[r])));
  const nameField = fieldBlock('ac-name', 'Name', name, 'As it will show in the history and the audit log.');
  const roleField = fieldBlock('ac-role', 'Role', role, 'Editors add, edit, delete and import reports; admins also rename and merge, and manage accounts.');
  const invite = h('button', { type: 'submit', class: 'button', id: 'ac-invite' }, 'Invite');
  const form = h('form', { id: 'invite-form', class: 'form invite-form', novalidate: true }, nameField.wrap, roleField.wrap, h('div', { class: 'form-actions' }, invite));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const parsed = NewAccountInput.safeParse({ name: name.value, role: role.value });
    const errors = parsed.success ? {} : fieldErrors(parsed.error.issues);
    setFieldError(nameField, [name], errors.name ?? []);
    if (!parsed.success) {
      name.focus();
      return;
    }
    invite.disabled = true;
    accountApi.addAccount(parsed.data.name, parsed.data.role).then(({ account, invitation }) => {
      invite.disabled = false;
      name.value = '';
      say(`${account.name} was added as ${account.role === 'admin' ? 'an admin' : 'an editor'}.`);
      showLink(account.name, invitation);
      load();
    }, (err: unknown) => {
      invite.disabled = false;
      if (err instanceof ApiError && err.fields.name) {
        setFieldError(nameField, [name], err.fields.name);
        name.focus();
      } else fail(err);
    });
  });

  const act = (p: Promise<unknown>, done: string) => p.then(() => {
    say(done);
    load();
  }, fail);

  const item = (a: Account): HTMLElement => {
    const me = session().signed_in && (session() as { account_id: number | null }).account_id === a.id;
    const state = a.disabled ? 'disabled' : a.has_password ? `last signed in ${shortTime(a.last_sign_in)}` : 'invited, no password yet';
    const roleSelect = h('select', { id: `ac-role-${a.id}`, 'aria-label': `Role of ${a.name}`, disabled: a.disabled },
      ...ROLES.map((r) => h('option', { value: r, selected: r === a.role }, ROLE_LABEL[r])));
    roleSelect.addEventListener('change', () => void act(accountApi.changeAccount(a.id, { role: roleSelect.value as Role }), `${a.name} is now ${roleSelect.value === 'admin' ? 'an admin' : 'an editor'}.`));
    const tokens = h('div', { class: 'account-tokens', hidden: true });
    const showTokens = () => {
      tokens.hidden = false;
      replace(tokens, message('loading', 'Loading…'));
      accountApi.tokensOf(a.id).then(({ items }) => replace(tokens, tokenTable(items, a.name, () => {
        say(`A token of ${a.name} was revoked.`);
        showTokens();
      }, problem)), fail);
    };
    const button = (label: string, action: string, run: () => void, danger = false) =>
      h('button', { type: 'button', class: `button ${danger ? 'button-danger-quiet' : 'button-quiet'} button-small`, 'data-action': action, onclick: run }, label);
    const actions = h('div', { class: 'account-actions' },
      h('label', { class: 'inline-label', for: `ac-role-${a.id}` }, 'Role'), roleSelect,
      a.disabled ? null : button(a.has_password ? 'New password link' : 'New invitation link', 'link', () => {
        accountApi.invite(a.id).then(({ invitation }) => {
          say(`A new link for ${a.name}: the earlier one no longer works.`);
          showLink(a.name, invitation);
        }, fail);
      }),
      a.disabled ? null : button('Sign out everywhere', 'sign-out', () => void act(accountApi.signOutEverywhere(a.id), `${a.name} was signed out everywhere.`)),
      button('Tokens', 'tokens', showTokens),
      button(a.disabled ? 'Enable' : 'Disable', a.disabled ? 'enable' : 'disable',
        () => void act(accountApi.changeAccount(a.id, { disabled: !a.disabled }), a.disabled ? `${a.name} is enabled again.` : `${a.name} is disabled: its sessions ended and its tokens no longer work.`),
        !a.disabled));
    return h('li', { class: `account-item${a.disabled ? ' account-disabled' : ''}`, 'data-account': a.name },
      h('p', { class: 'account-line' }, h('strong', {}, a.name), me ? ' (you)' : '', ` · ${a.role === 'admin' ? 'admin' : 'editor'} · ${state}`),
      actions, tokens);
  };

  function load(): void {
    accountApi.accounts().then(({ items }) => replace(list, ...items.map(item)), (e: unknown) => replace(list, h('li', {}, message('error', describeError(e)))));
  }

  m.body.append(
    h('h3', {}, 'Invite a person'), form, shown, status, problem,
    h('h3', {}, 'Everyone'), list,
  );
  load();
  name.focus();
}
