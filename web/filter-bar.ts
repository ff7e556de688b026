// The filter bar: party, metric, sources, counted sources, kind, dates and text. It shows the view's
// state and turns each change into a new view (view-state.ts `change`).
import { byId, fillSelect, h, replace } from './dom';
import { formatNumber, metricLabel } from './format';
import { showStatus } from './status';
import { EMPTY_STATE, type ViewState } from './url-state';
import { change, view } from './view-state';

function multiBox(id: string, allLabel: string, names: string[], selected: string[]): void {
  const box = byId<HTMLDetailsElement>(id);
  const all = [...new Set([...names, ...selected])];
  const opts = box.querySelector('.options')!;
  replace(opts, ...all.map((name) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', value: name, checked: selected.includes(name) }), ` ${name}`)));
  const summary = box.querySelector('summary')!;
  summary.textContent = selected.length === 0 ? allLabel : selected.length === 1 ? selected[0]! : `${selected.length} sources`;
}

function checked(id: string): string[] {
  return [...byId(id).querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((i) => i.checked).map((i) => i.value);
}

/** Shows the view's state in the controls (after a load, a back/forward or a change). */
export function syncControls(): void {
  const f = view.facets;
  const state = view.state;
  const parties = f ? f.parties.map((p) => p.name) : [];
  if (state.party && !parties.includes(state.party)) parties.push(state.party);
  fillSelect(byId<HTMLSelectElement>('f-party'),
    parties.map((p) => {
      const n = f?.parties.find((x) => x.name === p)?.reports;
      return { value: p, label: n === undefined ? `${p} (no reports)` : `${p} (${formatNumber(n)})` };
    }),
    state.party ?? '');
  const metrics = f?.metrics ?? ['killed'];
  fillSelect(byId<HTMLSelectElement>('f-metric'), metrics.map((m) => ({ value: m, label: metricLabel(m) })), state.metric ?? '');
  const sources = f ? f.sources.map((s) => s.name) : [];
  multiBox('f-source', 'All sources', sources, state.source);
  multiBox('f-count-source', 'All sources', sources, state.count_source);
  byId<HTMLSelectElement>('f-kind').value = state.kind ?? '';
  byId<HTMLInputElement>('f-from').value = state.from ?? '';
  byId<HTMLInputElement>('f-to').value = state.to ?? '';
  byId<HTMLInputElement>('f-q').value = state.q;
}

function readFilters(): Partial<ViewState> {
  const state = view.state;
  const from = byId<HTMLInputElement>('f-from').value || null;
  const to = byId<HTMLInputElement>('f-to').value || null;
  return {
    party: byId<HTMLSelectElement>('f-party').value || state.party,
    metric: (byId<HTMLSelectElement>('f-metric').value || state.metric) as ViewState['metric'],
    source: checked('f-source'),
    count_source: checked('f-count-source'),
    kind: (byId<HTMLSelectElement>('f-kind').value || null) as ViewState['kind'],
    from, to,
    q: byId<HTMLInputElement>('f-q').value.trim(),
  };
}

export function wireFilterBar(): void {
  const form = byId<HTMLFormElement>('filters');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    change(readFilters());
  });
  byId('f-party').addEventListener('change', (e) => change({ party: (e.target as HTMLSelectElement).value }));
  byId('f-metric').addEventListener('change', (e) => change({ metric: (e.target as HTMLSelectElement).value as ViewState['metric'] }));
  byId('f-kind').addEventListener('change', () => change({ kind: readFilters().kind ?? null }));
  for (const id of ['f-from', 'f-to']) {
    byId(id).addEventListener('change', () => {
      const f = readFilters();
      if (f.from && f.to && f.from > f.to) {
        showStatus('error', '“To” is before “From”: pick a later end date.');
        return;
      }
      change({ from: f.from ?? null, to: f.to ?? null });
    });
  }
  byId('f-q').addEventListener('change', () => change({ q: readFilters().q ?? '' }));
  for (const id of ['f-source', 'f-count-source']) {
    byId(id).addEventListener('change', () => {
      const f = readFilters();
      change({ source: f.source ?? [], count_source: f.count_source ?? [] });
    });
  }
  const reset = () => change({ ...EMPTY_STATE, party: view.state.party, metric: view.state.metric, source: [], count_source: [] });
  byId('f-reset').addEventListener('click', reset);
}
