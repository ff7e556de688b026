// The sign-in dialog (loaded with the writing tools, on demand: it validates with the shared schema).
import { SignInInput, fieldErrors } from '../server/domain/report';
import { ApiError, describeError, writeApi } from './api';
import { fieldBlock, openModal, setFieldError } from './dialogs';
import { h } from './dom';
import { setSession } from './session';

/** The sign-in dialog; with a token from the printed link it is filled in and the name has focus. */
export function openSignIn(o: { token?: string; reason?: string } = {}): void {
  const m = openModal({ id: 'sign-in-dialog', title: 'Sign in to add and edit reports' });
  const token = h('input', { id: 'si-token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const name = h('input', { id: 'si-name', name: 'name', type: 'text', autocomplete: 'name', maxlength: 100, required: true });
  if (o.token) token.value = o.token;
  const tokenField = fieldBlock('si-token', 'Write token', token, o.token
    ? 'Filled in from the sign-in link (and removed from the address bar).'
    : 'Printed by the server at first start, and kept in data/tally.token.');
  const nameField = fieldBlock('si-name', 'Your name', name, 'Shown as who made each change in the history of the reports you add or edit.');
  const problem = h('p', { class: 'form-problem', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button', id: 'si-submit' }, 'Sign in');
  const form = h('form', { id: 'sign-in-form', class: 'form', novalidate: true },
    o.reason ? h('p', { class: 'form-note' }, o.reason) : null,
    problem, tokenField.wrap, nameField.wrap,
    h('div', { class: 'form-actions' }, submit,
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Cancel')));
  m.body.append(form);
  (o.token ? name : token).focus();

  const show = (errors: Record<string, string[]>) => {
    setFieldError(tokenField, [token], errors.token ?? []);
    setFieldError(nameField, [name], errors.name ?? []);
    const first = errors.token ? token : errors.name ? name : null;
    first?.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    problem.hidden = true;
    const parsed = SignInInput.safeParse({ token: token.value, name: name.value });
    if (!parsed.success) {
      show(fieldErrors(parsed.error.issues));
      return;
    }
    show({});
    submit.disabled = true;
    writeApi.signIn(parsed.data.token, parsed.data.name).then((s) => {
      token.value = '';
      m.close();
      setSession(s);
    }, (err: unknown) => {
      submit.disabled = false;
      if (err instanceof ApiError && err.code === 'unauthorized') show({ token: ['That is not the write token.'] });
      else if (err instanceof ApiError && Object.keys(err.fields).length) show(err.fields);
      else {
        problem.textContent = describeError(err);
        problem.hidden = false;
      }
    });
  });
}
