// The audit log, for admins: who did what to accounts and credentials, when and from which address;
// newest first, filtered by event, account and days, a page at a time. Part of the writing tools.
import { AUDIT_EVENTS, type AuditEntry, type AuditEvent } from '../server/domain/accounts';
import { accountApi, describeError, type AuditParams } from './api';
import { openModal } from './dialogs';
import { h, message, replace, table } from './dom';
import { formatNumber } from './format';

const PAGE = 50;

export const EVENT_WORDS: Record<AuditEvent, string> = {
  sign_in: 'Signed in', sign_in_failed: 'Failed sign-in', sign_out: 'Signed out', sessions_ended: 'Signed out everywhere',
  invitation_created: 'Invitation link made', invitation_accepted: 'Invitation used (password set)', account_created: 'Account created',
  role_changed: 'Role changed', account_disabled: 'Account disabled', account_enabled: 'Account enabled',
  password_changed: 'Password changed', token_created: 'Token created', token_revoked: 'Token revoked',
  revoked_token_used: 'Revoked token used',
};

const REASONS: Record<string, string> = {
  wrong_password: 'wrong password', unknown_account: 'no such account', no_password: 'no password set yet',
  disabled: 'account disabled', locked: 'too many wrong passwords: refused',
};

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

function detailsOf(e: AuditEntry): string {
  const d = e.details as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.reason === 'string') parts.push(REASONS[d.reason] ?? d.reason);
  if (typeof d.from === 'string' && typeof d.to === 'string') parts.push(`${d.from} → ${d.to}`);
  if (typeof d.token_name === 'string') parts.push(`token “${d.token_name}”`);
  if (d.first_admin === true) parts.push('the first admin');
  else if (typeof d.role === 'string') parts.push(`as ${d.role}`);
  if (typeof d.sessions_ended === 'number' && d.sessions_ended > 0) parts.push(`${d.sessions_ended} session${d.sessions_ended === 1 ? '' : 's'} ended`);
  if (typeof d.expires_at === 'string') parts.push(`valid until ${d.expires_at.slice(0, 10)}`);
  return parts.join('; ');
}

/** Opens the audit log. */
export function openAudit(): void {
  const m = openModal({ id: 'audit-dialog', title: 'Audit log', wide: true });
  const close = h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Close');
  m.foot.append(close);
  const event = h('select', { id: 'au-event' }, h('option', { value: '' }, 'Any event'), ...AUDIT_EVENTS.map((e) => h('option', { value: e }, EVENT_WORDS[e])));
  const account = h('input', { id: 'au-account', type: 'search', maxlength: 100, placeholder: 'a name', autocomplete: 'off' });
  const from = h('input', { id: 'au-from', type: 'date' });
  const to = h('input', { id: 'au-to', type: 'date' });
  const field = (id: string, label: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, label), control);
  const form = h('form', { id: 'audit-filters', class: 'filters audit-filters', role: 'search', 'aria-label': 'Filters of the audit log' },
    field('au-event', 'Event', event), field('au-account', 'Account', account), field('au-from', 'From', from), field('au-to', 'To', to),
    h('div', { class: 'field field-actions' }, h('button', { type: 'submit', class: 'button' }, 'Apply')));
  const result = h('div', { id: 'audit-result', class: 'table-scroll' }, message('loading', 'Loading the audit log…'));
  const info = h('span', { id: 'au-info', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'button button-quiet', id: 'au-prev' }, 'Newer');
  const next = h('button', { type: 'button', class: 'button button-quiet', id: 'au-next' }, 'Older');
  let offset = 0;

  const params = (): AuditParams => ({
    event: (event.value || undefined) as AuditEvent | undefined, account: account.value.trim() || undefined,
    from: from.value || undefined, to: to.value || undefined, limit: PAGE, offset,
  });
  const load = () => {
    accountApi.audit(params()).then((page) => {
      // data-label: on a phone each row is a card of labelled lines (styles.css).
      const rows = page.items.map((e) => [
        h('td', { 'data-label': 'When' }, h('time', { datetime: e.at }, when.format(new Date(e.at)))),
        h('td', { 'data-label': 'What' }, EVENT_WORDS[e.event] ?? e.event),
        h('td', { 'data-label': 'Who' }, e.actor.name ?? '—'),
        h('td', { 'data-label': 'Concerning' }, e.subject.name ?? '—'),
        h('td', { 'data-label': 'From' }, e.address ?? '—'),
        h('td', { 'data-label': 'Details' }, detailsOf(e)),
      ]);
      const t = table(null, ['When', 'What', 'Who', 'Concerning', 'From', 'Details'], rows, { class: 'data-table audit-table' });
      t.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-event', page.items[i]!.event));
      replace(result, page.total === 0 ? message('empty', 'Nothing in the audit log matches these filters.') : t);
      const last = page.offset + page.items.length;
      info.textContent = page.total === 0 ? '' : `${formatNumber(page.offset + 1)}–${formatNumber(last)} of ${formatNumber(page.total)}`;
      prev.disabled = page.offset === 0;
      next.disabled = last >= page.total;
    }, (e: unknown) => replace(result, message('error', describeError(e))));
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    offset = 0;
    load();
  });
  prev.addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE);
    load();
  });
  next.addEventListener('click', () => {
    offset += PAGE;
    load();
  });
  m.body.append(
    h('p', { class: 'explain' }, 'Sign-ins, failed sign-ins, invitations, role changes, disabling, and tokens created, revoked or used after revocation, with the address each came from. Kept 400 days.'),
    form, result, h('nav', { class: 'pager', 'aria-label': 'Pages of the audit log' }, prev, info, next));
  load();
  event.focus();
}
