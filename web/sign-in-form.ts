// The sign-in form (name and password) and the invitation form (set a password through a one-time
// link, `/#invite=…`), validated with the shared schemas before they are sent. Used by the dashboard's
// dialogs (sign-in.ts) and by the sign-in page of a private instance (sign-in-page.ts), so this module
// loads neither the dashboard nor the writing tools.
import { InvitationAccept, SignInInput } from '../server/domain/accounts';
import { fieldErrors } from '../server/domain/report';
import { ApiError, accountApi, describeError, writeApi, type Session } from './api';
import { fieldBlock, setFieldError, type FieldParts } from './dialogs';
import { h, replace } from './dom';

interface Field { parts: FieldParts; control: HTMLInputElement; name: string }

function showErrors(fields: Field[], errors: Record<string, string[]>): void {
  let first: HTMLInputElement | null = null;
  for (const f of fields) {
    const messages = errors[f.name] ?? [];
    setFieldError(f.parts, [f.control], messages);
    if (messages.length && !first) first = f.control;
  }
  first?.focus();
}

/** The name-and-password form; `done` gets the session once the server has set the cookie. */
export function signInForm(done: (s: Session) => void, o: { reason?: string; cancel?: () => void } = {}): { form: HTMLFormElement; focus: () => void } {
  const nameInput = h('input', { id: 'si-name', name: 'name', type: 'text', autocomplete: 'username', maxlength: 100, required: true, spellcheck: 'false' });
  const passwordInput = h('input', { id: 'si-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const fields: Field[] = [
    { parts: fieldBlock('si-name', 'Account name', nameInput), control: nameInput, name: 'name' },
    { parts: fieldBlock('si-password', 'Password', passwordInput, 'No account yet? An admin of this site invites you with a link.'), control: passwordInput, name: 'password' },
  ];
  const problem = h('p', { class: 'form-problem', role: 'alert', id: 'si-problem', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button', id: 'si-submit' }, 'Sign in');
  const form = h('form', { id: 'sign-in-form', class: 'form', novalidate: true },
    o.reason ? h('p', { class: 'form-note', id: 'si-reason' }, o.reason) : null,
    problem, ...fields.map((f) => f.parts.wrap),
    h('div', { class: 'form-actions' }, submit,
      o.cancel ? h('button', { type: 'button', class: 'button button-quiet', onclick: o.cancel }, 'Cancel') : null));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    problem.hidden = true;
    const parsed = SignInInput.safeParse({ name: nameInput.value, password: passwordInput.value });
    if (!parsed.success) {
      showErrors(fields, fieldErrors(parsed.error.issues));
      return;
    }
    showErrors(fields, {});
    submit.disabled = true;
    writeApi.signIn(parsed.data.name, parsed.data.password).then((s) => {
      passwordInput.value = '';
      done(s);
    }, (err: unknown) => {
      submit.disabled = false;
      if (err instanceof ApiError && Object.keys(err.fields).length) showErrors(fields, err.fields);
      else {
        // 401 (no such name and password) and 429 (too many attempts) are sentences for the whole form.
        replace(problem, describeError(err));
        problem.hidden = false;
        passwordInput.select();
        passwordInput.focus();
      }
    });
  });
  return { form, focus: () => (nameInput.value ? passwordInput : nameInput).focus() };
}

const ROLE_WORDS = { editor: 'an editor (add, edit, delete, restore and import reports)', admin: 'an admin (also rename and merge, recipes, accounts and the audit log)' };

/** The form behind an invitation link: what it is for, then the password twice (and the name, for the
 *  first admin's link). `done` gets the session: accepting signs the person in. */
export function invitationForm(secret: string, done: (s: Session) => void): { element: HTMLElement; ready: Promise<void> } {
  const box = h('div', { id: 'invitation', class: 'invitation' }, h('p', { class: 'loading' }, 'Checking the invitation link…'));
  const ready = accountApi.lookupInvitation(secret).then((info) => {
    const nameInput = h('input', { id: 'inv-name', name: 'name', type: 'text', autocomplete: 'username', maxlength: 100, required: true, spellcheck: 'false' });
    const passwordInput = h('input', { id: 'inv-password', name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
    const repeatInput = h('input', { id: 'inv-repeat', name: 'repeat', type: 'password', autocomplete: 'new-password', required: true });
    const fields: Field[] = [
      ...(info.first_admin ? [{ parts: fieldBlock('inv-name', 'Your account name', nameInput, 'Shown as who made each change, in the history and the audit log.'), control: nameInput, name: 'name' }] : []),
      { parts: fieldBlock('inv-password', 'New password', passwordInput, 'At least 12 characters, not a common one: a few unrelated words are easy to remember and hard to guess.'), control: passwordInput, name: 'password' },
      { parts: fieldBlock('inv-repeat', 'The same password again', repeatInput), control: repeatInput, name: 'repeat' },
    ];
    const problem = h('p', { class: 'form-problem', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'button', id: 'inv-submit' }, 'Set password and sign in');
    const intro = info.first_admin
      ? 'This link creates the first account of this conflict-tally: an admin, who can then invite everyone else.'
      : `This link sets the password of ${info.name}, ${ROLE_WORDS[info.role]}.`;
    const form = h('form', { id: 'invitation-form', class: 'form', novalidate: true },
      h('p', { class: 'form-note', id: 'inv-intro' }, intro, ` It works once, until ${info.expires_at.slice(0, 10)}.`),
      problem, ...fields.map((f) => f.parts.wrap), h('div', { class: 'form-actions' }, submit));
    replace(box, form);
    (info.first_admin ? nameInput : passwordInput).focus();

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      problem.hidden = true;
      const body = { secret, password: passwordInput.value, ...(info.first_admin ? { name: nameInput.value } : {}) };
      const parsed = InvitationAccept.safeParse(body);
      const errors = parsed.success ? {} : fieldErrors(parsed.error.issues);
      if (repeatInput.value !== passwordInput.value) errors.repeat = ['is not the same password'];
      if (Object.keys(errors).length) {
        showErrors(fields, errors);
        return;
      }
      showErrors(fields, {});
      submit.disabled = true;
      accountApi.acceptInvitation(body).then((s) => {
        passwordInput.value = '';
        repeatInput.value = '';
        done(s);
      }, (err: unknown) => {
        submit.disabled = false;
        if (err instanceof ApiError && Object.keys(err.fields).length) showErrors(fields, err.fields);
        else {
          replace(problem, describeError(err));
          problem.hidden = false;
        }
      });
    });
  }, (err: unknown) => {
    replace(box, h('p', { class: 'form-problem', role: 'alert', id: 'inv-problem' }, describeError(err)));
  });
  return { element: box, ready };
}
