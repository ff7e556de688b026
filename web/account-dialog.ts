// "Your account": change your password (your other sessions end), and your personal API tokens for
// scripts (a new one is shown once; revoke one you no longer use). Part of the writing tools.
import { PasswordChange } from '../server/domain/accounts';
import { fieldErrors } from '../server/domain/report';
import { ApiError, accountApi, describeError, type ApiToken } from './api';
import { fieldBlock, openModal, setFieldError, type FieldParts } from './dialogs';
import { h, message, replace, table } from './dom';
import { session } from './session';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const shortTime = (iso: string | null): string => (iso ? when.format(new Date(iso)) : 'never');

/** A secret shown once: a read-only field to copy it from, and a Copy button. */
export function shownOnce(id: string, label: string, value: string, note: string): HTMLElement {
  const input = h('input', { id, type: 'text', readonly: true, value, spellcheck: 'false', class: 'secret-value' });
  const copied = h('span', { class: 'form-hint', role: 'status' });
  const copy = h('button', { type: 'button', class: 'button button-small', onclick: () => {
    input.select();
    navigator.clipboard?.writeText(value).then(() => replace(copied, 'Copied.'), () => replace(copied, 'Select it and copy it by hand.'));
  } }, 'Copy');
  return h('div', { class: 'shown-once', 'data-secret': id },
    h('label', { for: id }, label), h('div', { class: 'secret-row' }, input, copy), h('p', { class: 'form-hint' }, note), copied);
}

function passwordSection(): HTMLElement {
  const current = h('input', { id: 'pw-current', type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { id: 'pw-new', type: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
  const repeat = h('input', { id: 'pw-repeat', type: 'password', autocomplete: 'new-password', required: true });
  const fields: [string, FieldParts, HTMLInputElement][] = [
    ['current_password', fieldBlock('pw-current', 'Current password', current), current],
    ['password', fieldBlock('pw-new', 'New password', next, 'At least 12 characters, not a common one. Your other sessions end; tokens keep working.'), next],
    ['repeat', fieldBlock('pw-repeat', 'The new password again', repeat), repeat],
  ];
  const status = h('p', { class: 'form-saved', role: 'status', id: 'pw-status' });
  const problem = h('p', { class: 'form-problem', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button', id: 'pw-submit' }, 'Change password');
  const form = h('form', { id: 'password-form', class: 'form', novalidate: true }, status, problem, ...fields.map((f) => f[1].wrap), h('div', { class: 'form-actions' }, submit));
  const show = (errors: Record<string, string[]>) => {
    let first: HTMLInputElement | null = null;
    for (const [name, parts, control] of fields) {
      setFieldError(parts, [control], errors[name] ?? []);
      if (errors[name]?.length && !first) first = control;
    }
    first?.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    replace(status);
    problem.hidden = true;
    const parsed = PasswordChange.safeParse({ current_password: current.value, password: next.value });
    const errors = parsed.success ? {} : fieldErrors(parsed.error.issues);
    if (repeat.value !== next.value) errors.repeat = ['is not the same password'];
    if (Object.keys(errors).length || !parsed.success) {
      show(errors);
      return;
    }
    show({});
    submit.disabled = true;
    accountApi.changePassword(parsed.data.current_password, parsed.data.password).then((r) => {
      submit.disabled = false;
      for (const [, , c] of fields) c.value = '';
      replace(status, `Password changed.${r.sessions_ended ? ` ${r.sessions_ended === 1 ? 'One other session was' : `${r.sessions_ended} other sessions were`} signed out.` : ''}`);
    }, (err: unknown) => {
      submit.disabled = false;
      if (err instanceof ApiError && Object.keys(err.fields).length) show(err.fields);
      else {
        replace(problem, describeError(err));
        problem.hidden = false;
      }
    });
  });
  return h('section', { class: 'account-section', 'aria-labelledby': 'pw-title' }, h('h3', { id: 'pw-title' }, 'Password'), form);
}

/** A table of tokens with a Revoke button for the live ones; `after` runs once one is revoked. */
export function tokenTable(items: ApiToken[], owner: string, after: () => void, problem: HTMLElement): HTMLElement {
  if (items.length === 0) return message('empty', `${owner} has no tokens.`);
  const rows = items.map((t) => [
    h('td', { 'data-label': 'Name' }, t.name), h('td', { 'data-label': 'Created' }, shortTime(t.created_at)),
    h('td', { 'data-label': 'Last used' }, shortTime(t.last_used_at)),
    h('td', { 'data-label': 'Status' }, t.revoked_at ? `revoked ${shortTime(t.revoked_at)}` : 'active'),
    h('td', { class: 'actions' }, t.revoked_at ? null : h('button', {
      type: 'button', class: 'button button-danger-quiet button-small', 'data-revoke': t.id, 'aria-label': `Revoke the token “${t.name}”`,
      onclick: () => {
        accountApi.revokeToken(t.id).then(after, (e: unknown) => {
          replace(problem, describeError(e));
          problem.hidden = false;
        });
      },
    }, 'Revoke')),
  ]);
  const el = table(null, ['Name', 'Created', 'Last used', 'Status', ''], rows, { class: 'data-table token-table' });
  el.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-token-id', String(items[i]!.id)));
  return h('div', { class: 'table-scroll' }, el);
}

function tokenSection(): HTMLElement {
  const list = h('div', { id: 'token-list' }, message('loading', 'Loading your tokens…'));
  const problem = h('p', { class: 'form-problem', role: 'alert', hidden: true });
  const made = h('div', { id: 'token-made' });
  const name = h('input', { id: 'tk-name', type: 'text', maxlength: 100, required: true, placeholder: 'nightly import' });
  const nameField = fieldBlock('tk-name', 'Name of a new token', name, 'What it is for, so you know which one to revoke.');
  const submit = h('button', { type: 'submit', class: 'button', id: 'tk-submit' }, 'New token');
  const form = h('form', { id: 'token-form', class: 'form', novalidate: true }, nameField.wrap, h('div', { class: 'form-actions' }, submit));
  const load = () => {
    accountApi.tokens().then(({ items }) => replace(list, tokenTable(items, 'You', load, problem)), (e: unknown) => replace(list, message('error', describeError(e))));
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    problem.hidden = true;
    if (!name.value.trim()) {
      setFieldError(nameField, [name], ['required']);
      name.focus();
      return;
    }
    setFieldError(nameField, [name], []);
    submit.disabled = true;
    accountApi.createToken(name.value).then((t) => {
      submit.disabled = false;
      name.value = '';
      replace(made, shownOnce('tk-secret', `Your new token “${t.name}”`, t.token,
        'Copy it now: it is not shown again (only a hash of it is kept). Send it as Authorization: Bearer <token>; it acts as you.'));
      load();
    }, (err: unknown) => {
      submit.disabled = false;
      if (err instanceof ApiError && err.fields.name) setFieldError(nameField, [name], err.fields.name);
      else {
        replace(problem, describeError(err));
        problem.hidden = false;
      }
    });
  });
  load();
  return h('section', { class: 'account-section', 'aria-labelledby': 'tk-title' },
    h('h3', { id: 'tk-title' }, 'Personal API tokens'),
    h('p', { class: 'explain' }, 'For scripts that read or write as you (the import script takes --as instead). Revoke one you no longer use, or that may have leaked.'),
    problem, made, list, form);
}

/** Opens "Your account". */
export function openAccount(): void {
  const s = session();
  if (!s.signed_in) return;
  const m = openModal({ id: 'account-dialog', title: 'Your account', wide: true });
  const close = h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Close');
  m.foot.append(close);
  const role = s.role === 'admin' ? 'an admin' : 'an editor';
  m.body.append(
    h('p', { class: 'account-intro' }, s.account_id === null
      ? 'This is the bootstrap token: it has no account, password or tokens of its own.'
      : `Signed in as ${s.name}, ${role}.`),
    ...(s.account_id === null ? [] : [passwordSection(), tokenSection()]));
  close.focus();
}
