// The sign-in page of a private instance (TALLY_READ=accounts): every page answers 401 with this page
// as its body until the visitor signs in, and then the address they asked for loads again. It also
// takes an invitation link (`/#invite=…`). Bundled on its own (scripts/build.mjs) so that it loads
// nothing of the dashboard.
import './zod-setup'; // must stay the first import: see the module
import { byId, h, replace } from './dom';
import { takeFragmentSecret } from './fragment';
import { invitationForm, signInForm } from './sign-in-form';

function boot(): void {
  const root = byId('sign-in-root');
  const found = takeFragmentSecret();
  const reload = () => location.reload();
  if (found && 'invite' in found) {
    const { element } = invitationForm(found.invite, reload);
    replace(root, h('h2', {}, 'Set your password'), element);
  } else {
    const { form, focus } = signInForm(reload, found ? { reason: 'Sign-in links with a token no longer work: sign in with your account.' } : {});
    replace(root, h('h2', {}, 'Sign in'), form);
    focus();
  }
  document.body.dataset.state = 'ready';
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
