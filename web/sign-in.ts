// The dashboard's sign-in and invitation dialogs (loaded with the writing tools, on demand: they
// validate with the shared schemas). The forms themselves are sign-in-form.ts's.
import { openModal } from './dialogs';
import { setSession } from './session';
import { invitationForm, signInForm } from './sign-in-form';

/** The sign-in dialog: name and password; `reason` says why it opened (a session that ended). An
 *  invitation secret (`token`, from the page's `#invite=` link) opens the invitation dialog instead. */
export function openSignIn(o: { token?: string; reason?: string } = {}): void {
  if (o.token) {
    openInvitation(o.token);
    return;
  }
  const m = openModal({ id: 'sign-in-dialog', title: 'Sign in to add and edit reports' });
  const { form, focus } = signInForm((s) => {
    m.close();
    setSession(s);
  }, { reason: o.reason, cancel: () => m.close() });
  m.body.append(form);
  focus();
}

/** The dialog behind an invitation link: set a password, and be signed in. */
export function openInvitation(secret: string): void {
  const m = openModal({ id: 'invitation-dialog', title: 'Set your password' });
  const { element } = invitationForm(secret, (s) => {
    m.close();
    setSession(s);
  });
  m.body.append(element);
}
