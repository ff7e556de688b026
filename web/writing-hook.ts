// The hook to the writing tools (signed in only): the toolbar's buttons, the report actions in the
// provenance panel, the session line. The tools themselves, and zod with them, load on first use
// (writing.ts): a reader's first load is the charts alone.
import type { Report } from '../server/domain/report-fields';
import { describeError, writeApi } from './api';
import { deletedHere } from './deleted-here';
import { byId, h } from './dom';
import { formatDay, formatFigure, plural } from './format';
import type { ManageContext } from './manage';
import { openIds } from './open-reports';
import { closeProvenance, setReportActions } from './provenance';
import type { ReportFormContext } from './report-form';
import { redrawReports, setReportEditor } from './section-reports';
import { checkSession, onSessionChange, sessionLost, session, signOut, signedIn, takeInviteSecret } from './session';
import { notify } from './status';
import { writeState, type ViewState } from './url-state';
import { view } from './view-state';

/** The writing tools, fetched once on first use. */
const writing = () => import('./writing.js');
const withWriting = (use: (w: Awaited<ReturnType<typeof writing>>) => unknown): void => {
  writing().then(use, (e: unknown) => notify(`The writing tools did not load: ${describeError(e)}`));
};

/** Reloads the facets and the view after a write (load-view.ts). */
type Refresh = (patch?: Partial<ViewState>) => Promise<void>;

function formContext(refresh: Refresh): ReportFormContext {
  return {
    get facets() {
      return view.facets;
    },
    onSaved(report, mode) {
      const what = `${report.source}: ${formatFigure(report)} ${report.metric}, ${formatDay(report.date, report.date_precision)}`;
      notify(`${mode === 'created' ? 'Added' : 'Saved'} report #${report.id} (${what}).`,
        { label: 'Open it', id: 'notice-open', run: () => openIds([report.id]) });
      byId('notice').dataset.reportId = String(report.id);
      // The view moves to the report's party and metric when it shows another.
      const state = view.state;
      const patch: Partial<ViewState> = report.party !== state.party || report.metric !== state.metric
        ? { party: report.party, metric: report.metric, period_start: null, offset: 0 } : {};
      if (Object.keys(patch).length) {
        view.state = { ...state, ...patch };
        writeState(view.state, 'push');
      }
      void refresh();
    },
    onDeleted(report) {
      deletedHere.set(report.id, report);
      notify(`Deleted report #${report.id} (${report.source}: ${formatFigure(report)} ${report.metric}).`, {
        label: 'Undo (restore it)', id: 'notice-undo', run: () => {
          writeApi.restore(report.id).then((back) => {
            deletedHere.delete(back.id);
            notify(`Restored report #${back.id}.`);
            void refresh();
          }, (e: unknown) => notify(`Not restored: ${describeError(e)}`));
        },
      });
      void refresh();
    },
    onUnauthorized: () => sessionLost(),
  };
}

function manageContext(refresh: Refresh): ManageContext {
  return {
    get facets() {
      return view.facets;
    },
    changed({ renamed, restored }) {
      const state = view.state;
      const patch: Partial<ViewState> = {};
      if (renamed) {
        const swap = (xs: string[]) => [...new Set(xs.map((x) => (x === renamed.from ? renamed.to : x)))];
        if (renamed.field === 'party' && state.party === renamed.from) patch.party = renamed.to;
        if (renamed.field === 'source') {
          patch.source = swap(state.source);
          patch.count_source = swap(state.count_source);
        }
        notify(`${renamed.field === 'party' ? 'Party' : 'Source'} “${renamed.from}” is now “${renamed.to}” on ${plural(renamed.reports, 'report')}.`);
      }
      if (restored) notify(`Restored report #${restored.id}.`);
      void refresh(patch);
    },
    onUnauthorized: () => sessionLost(),
  };
}

function showSession(): void {
  const s = session();
  byId('write-tools').hidden = !s.signed_in;
  byId('sign-in').hidden = s.signed_in;
  byId('sign-out').hidden = !s.signed_in;
  byId('account-name').textContent = s.signed_in ? `Signed in as ${s.name}` : '';
}

/** `inviteSecret`: an invitation link's secret (#invite=…), taken out of the address before anything else
 *  happened (main.ts); only ever held until the sign-in dialog takes it. */
export function wireWriting(inviteSecret: string | null, refresh: Refresh): void {
  const form = formContext(refresh);
  const manage = manageContext(refresh);
  const editReport = (r: Report): void => {
    closeProvenance();
    withWriting((w) => w.openReportForm(form, r));
  };
  setReportEditor(editReport);
  setReportActions((r) => {
    const bar = h('div', { class: 'report-actions' },
      h('button', { type: 'button', class: 'button button-quiet button-small', 'data-action': 'history', 'aria-label': `History of report #${r.id}`, onclick: () => {
        closeProvenance();
        withWriting((w) => w.openHistory(r.id));
      } }, 'History'));
    if (signedIn()) {
      bar.append(
        h('button', { type: 'button', class: 'button button-small', 'data-action': 'edit', 'aria-label': `Edit report #${r.id}`, onclick: () => editReport(r) }, 'Edit'),
        h('button', { type: 'button', class: 'button button-danger-quiet button-small', 'data-action': 'delete', 'aria-label': `Delete report #${r.id}`, onclick: () => {
          closeProvenance();
          withWriting((w) => w.confirmDelete(r, r.revision, form));
        } }, 'Delete…'));
    }
    return bar;
  });
  byId('add-report').addEventListener('click', () => withWriting((w) => w.openReportForm(form)));
  byId('rename-open').addEventListener('click', () => withWriting((w) => w.openRename(manage)));
  byId('import-open').addEventListener('click', () => withWriting((w) => w.openImport(manage)));
  byId('deleted-open').addEventListener('click', () => withWriting((w) => w.openDeleted(manage)));
  byId('sign-in').addEventListener('click', () => withWriting((w) => w.openSignIn()));
  byId('sign-out').addEventListener('click', () => {
    signOut().then(() => notify('Signed out.'), (e: unknown) => notify(`Not signed out: ${describeError(e)}`));
  });
  let wasSignedIn: boolean | null = null; // unknown until the first answer
  onSessionChange((s) => {
    showSession();
    // Announce a sign-in only (not the session found on load, nor a re-check of the same session).
    if (s.signed_in && wasSignedIn === false) notify(`Signed in as ${s.name}: the changes you make carry this name.`);
    wasSignedIn = s.signed_in;
    redrawReports();
  });
  // An invitation link pasted into an open tab changes only the fragment.
  window.addEventListener('hashchange', () => {
    const token = takeInviteSecret();
    if (token && !signedIn()) withWriting((w) => w.openSignIn({ token }));
  });
  showSession();
  let pending = inviteSecret;
  void checkSession().then((s) => {
    const token = pending;
    pending = null;
    if (token && !s.signed_in) withWriting((w) => w.openSignIn({ token }));
    else if (token && s.signed_in) notify(`Already signed in as ${s.name}.`);
  });
}
