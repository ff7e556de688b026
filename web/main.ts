// Dashboard entry (bundled by scripts/build-web.mjs into dist/web/app.js).
//
// Flow: the URL query is the view (url-state.ts) → the documented read routes (api.ts) → charts,
// tables and the provenance panel. The page words and arranges the API's numbers; the arithmetic of
// DESIGN.md ("Derived figures") is the server's. Signed-in users get the write controls: the entry
// form (report-form.ts), history (history.ts), deleted reports, rename/merge and CSV import
// (manage.ts); readers see none of them. Those tools, and zod with them, load on first use
// (writing.ts): a reader's first load is the charts alone.
import type { Chart } from 'chart.js';
import type { Report } from '../server/domain/report-fields';
import type { Claim, CompareResult, SeriesResult } from '../server/domain/figure-types';
import {
  api, csvUrl, describeError, writeApi, ApiError, type DisagreementPage, type ExportParams, type Facets, type ReportPage,
} from './api';
import {
  SourceStyles, createEstimatesChart, createMainChart, downloadPng, snapshot, type ChartPoint, type ChartSnapshot,
} from './charts';
import { byId, h, message, replace } from './dom';
import { compareSentence, formatDay, formatFigure, formatNumber, formatSigned, metricLabel, plural, type FigureFields } from './format';
import { defaultPeriodStart, periodStarts } from './periods';
import { closeProvenance, initProvenance, setReportActions, showQuery, showReportIds } from './provenance';
import type { ReportFormContext } from './report-form';
import type { ManageContext } from './manage';
import { deletedHere } from './deleted-here';
import { checkSession, onSessionChange, sessionLost, session, signOut, signedIn, takeFragmentToken } from './session';
import {
  compareTable, decreaseList, disagreementList, estimatesDataTable, mainDataTable, otherPeriodList, reportsTable,
} from './tables';
import { EMPTY_STATE, parseState, writeState, type ViewState } from './url-state';
import { openPermalink } from './permalink';
import { syncFeedLink, wireSharing } from './share';

/** The writing tools, fetched once on first use. */
const writing = () => import('./writing.js');
const withWriting = (use: (w: Awaited<ReturnType<typeof writing>>) => unknown): void => {
  writing().then(use, (e: unknown) => notify(`The writing tools did not load: ${describeError(e)}`));
};

// The printed sign-in link's token leaves the address bar before anything else happens (no await
// before this line); it is only ever held here until the sign-in dialog takes it.
let fragmentToken: string | null = takeFragmentToken();

const PAGE_SIZE = 20;

let facets: Facets | null = null;
let styles = new SourceStyles([]);
let state: ViewState = { ...EMPTY_STATE };
let mainChart: Chart<'line', ChartPoint[]> | null = null;
let estimatesChart: Chart<'line', ChartPoint[]> | null = null;
let generation = 0;
let inFlight: AbortController | null = null;
/** Reports already fetched, by id: the provenance panel opens these without another request. */
const known = new Map<number, Report>();
/** The figures (value, qualifier, range) of reports and claims in view, by id: the comparison words a
 *  source's figure as stated ("about 40"). Claims carry only these, so they are not in `known`, which
 *  the provenance panel reads whole reports from (it fetches the ones it lacks). */
const figuresById = new Map<number, FigureFields>();
/** The reports table's last page, redrawn as it is when the user signs in or out. */
let lastReports: ReportPage | null = null;

// ---------------------------------------------------------------------------------------------
// Test hook: a read-only view of what each chart holds and drew (used by test/e2e).

declare global {
  interface Window {
    readonly __charts?: { main(): ChartSnapshot | null; estimates(): ChartSnapshot | null };
  }
}
Object.defineProperty(window, '__charts', {
  value: Object.freeze({ main: () => snapshot(mainChart), estimates: () => snapshot(estimatesChart) }),
  writable: false, configurable: false,
});

// ---------------------------------------------------------------------------------------------
// Status line

function setPageState(s: 'loading' | 'ready' | 'error'): void {
  document.body.dataset.state = s;
  byId('main').setAttribute('aria-busy', s === 'loading' ? 'true' : 'false');
}

function showStatus(kind: 'loading' | 'error' | 'info' | 'none', text = '', retry?: () => void): void {
  const el = byId('status');
  el.className = `status status-${kind}`;
  if (kind === 'none') {
    replace(el);
    return;
  }
  replace(el, h('span', {}, text), retry ? h('button', { type: 'button', class: 'button', id: 'retry', onclick: retry }, 'Retry') : null);
}

// ---------------------------------------------------------------------------------------------
// Filter bar

function fillSelect(select: HTMLSelectElement, options: { value: string; label: string }[], value: string): void {
  replace(select, ...options.map((o) => h('option', { value: o.value }, o.label)));
  select.value = value;
}

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

function syncControls(): void {
  const f = facets;
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

/** A new view from the filter bar: pushed onto the history, then drawn. */
function change(patch: Partial<ViewState>): void {
  const next: ViewState = { ...state, ...patch };
  // Another party or metric has other period starts: the chart's window goes back to automatic.
  if ((next.party !== state.party || next.metric !== state.metric) && !('period_start' in patch)) next.period_start = null;
  if (!('offset' in patch)) next.offset = 0;
  state = next;
  writeState(state, 'push');
  syncControls();
  void render([]);
}

function readFilters(): Partial<ViewState> {
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

function wireControls(): void {
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
  byId('f-reset').addEventListener('click', () => change({ ...EMPTY_STATE, party: state.party, metric: state.metric, source: [], count_source: [] }));
  byId('f-period').addEventListener('change', (e) => change({ period_start: (e.target as HTMLSelectElement).value || null }));
  byId('page-prev').addEventListener('click', () => change({ offset: Math.max(0, state.offset - PAGE_SIZE) }));
  byId('page-next').addEventListener('click', () => change({ offset: state.offset + PAGE_SIZE }));
  byId('png-main').addEventListener('click', () => mainChart && downloadPng(mainChart, fileName('claims')));
  byId('png-estimates').addEventListener('click', () => estimatesChart && downloadPng(estimatesChart, fileName('estimates')));
  window.addEventListener('popstate', () => void fromUrl());
}

function fileName(what: string): string {
  const slug = `${state.party ?? 'all'}-${state.metric ?? ''}-${what}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `conflict-tally-${slug}.png`;
}

// ---------------------------------------------------------------------------------------------
// Default view: the most reported party, and its most reported metric (ties: killed first).

async function defaults(s: ViewState): Promise<ViewState> {
  const out = { ...s };
  if (!out.party) {
    const top = [...(facets?.parties ?? [])].sort((a, b) => b.reports - a.reports)[0];
    out.party = top?.name ?? null;
  }
  if (!out.metric && out.party) {
    // /api/facets counts each party's reports per metric: no extra request.
    const counts = facets?.parties.find((p) => p.name === out.party)?.metrics ?? {};
    const metrics = facets?.metrics ?? ['killed'];
    out.metric = metrics.reduce((best, m) => ((counts[m] ?? 0) > (counts[best] ?? 0) ? m : best), metrics[0] ?? 'killed');
  }
  return out;
}

async function fromUrl(): Promise<void> {
  const { state: parsed, problems } = parseState(location.search);
  try {
    let facetsReady: Promise<void> | null = null;
    if (!facets) {
      setPageState('loading');
      showStatus('loading', 'Loading the parties and sources…');
      facetsReady = api.facets().then((f) => {
        facets = f;
        styles = new SourceStyles(f.sources.map((s) => s.name));
      });
      facetsReady.catch(() => undefined);
      // Without a party and metric in the address the defaults come from the facets; with them (a
      // shared link), the figures are asked for at once and the facets arrive meanwhile.
      if (!parsed.party || !parsed.metric) await facetsReady;
    }
    const full = await defaults(parsed);
    state = full;
    writeState(state, 'replace');
    syncControls();
    if (!state.party || !state.metric) {
      renderNoData();
      return;
    }
    await render(problems, facetsReady);
  } catch (e) {
    showError(e, () => void fromUrl());
  }
}

function showError(e: unknown, retry: () => void): void {
  setPageState('error');
  const text = e instanceof ApiError && e.code === 'network'
    ? 'The server cannot be reached: the figures below may be out of date. Check that conflict-tally is running, then retry.'
    : `The server could not answer: ${describeError(e)}`;
  showStatus('error', text, retry);
}

function renderNoData(): void {
  replace(byId('view-title'), 'No reports yet');
  replace(byId('key-sentences'), h('p', {}, 'The database holds no reports. Add some through the API (POST /api/reports) or the CSV import, then reload.'));
  clearCharts();
  setPageState('ready');
  showStatus('none');
}

// ---------------------------------------------------------------------------------------------
// Drawing a view

function clearCharts(): void {
  mainChart?.destroy();
  mainChart = null;
  estimatesChart?.destroy();
  estimatesChart = null;
}

function openIds(ids: number[]): void {
  void showReportIds(ids, known);
}

function openCountDay(day: string): void {
  const party = state.party!;
  const metric = state.metric!;
  void showQuery(`Incidents counted on ${formatDay(day)}`, async () => {
    const page = await api.reports({ party, metric, kind: 'incident', from: day, to: day, source: state.count_source, limit: 1000 });
    for (const r of page.items) known.set(r.id, r);
    return page.items;
  });
}

function onPoint(p: ChartPoint): void {
  if (p.ids.length > 0) openIds(p.ids);
  else if (p.countDay) openCountDay(p.countDay);
}

/** The sources whose reports the table lists: the shown and the counted ones when both are chosen. */
function tableSources(s: ViewState): string[] {
  // With only one of the two set, the other side is every source: no filter on the table then.
  if (s.source.length === 0 || s.count_source.length === 0) return [];
  return [...new Set([...s.source, ...s.count_source])];
}

/** The reports table's filters: the same for its rows and for the CSV download. */
function tableFilters(s: ViewState): ExportParams {
  return {
    party: s.party ?? undefined, metric: s.metric ?? undefined, kind: s.kind ?? undefined, source: tableSources(s),
    from: s.from ?? undefined, to: s.to ?? undefined, q: s.q || undefined,
  };
}

function updateCsvLinks(s: ViewState): void {
  byId<HTMLAnchorElement>('csv-download').href = csvUrl(tableFilters(s));
  byId<HTMLAnchorElement>('csv-download-bom').href = csvUrl(tableFilters(s), { bom: true });
}

/** `facetsReady`: the facets still on their way (source colours and the filter lists need them). */
async function render(problems: string[], facetsReady: Promise<void> | null = null): Promise<void> {
  const gen = ++generation;
  inFlight?.abort();
  const ctrl = new AbortController();
  inFlight = ctrl;
  const signal = ctrl.signal;
  const s = state;
  const party = s.party!;
  const metric = s.metric!;
  setPageState('loading');
  showStatus('loading', `Loading ${party} · ${metric}…`);
  syncFeedLink();

  const base = { party, metric, source: s.source, count_source: s.count_source };
  const overviewP = api.series({ ...base, from: s.from ?? undefined, to: s.to ?? undefined }, signal);
  const compareP = api.compare(base, signal);
  const disagreementsP = api.disagreements({ party, metric, source: s.source, limit: 50 }, signal);
  updateCsvLinks(s);
  const reportsP = api.reports({ ...tableFilters(s), limit: PAGE_SIZE, offset: s.offset, sort: s.sort }, signal);
  // A failure is reported once, below; the others must not surface as unhandled rejections.
  for (const p of [compareP, disagreementsP, reportsP]) p.catch(() => undefined);

  try {
    const overview = await overviewP;
    const period = s.period_start ?? defaultPeriodStart(overview.claims);
    const windowed = period ? await api.series({ ...base, from: period, to: s.to ?? undefined }, signal) : overview;
    const [compare, disagreements, reports] = await Promise.all([compareP, disagreementsP, reportsP]);
    if (facetsReady) {
      await facetsReady;
      syncControls();
    }
    if (gen !== generation) return;
    for (const r of [...overview.estimates, ...reports.items]) known.set(r.id, r);
    for (const r of [...overview.claims, ...windowed.claims, ...overview.decreases, ...overview.estimates, ...reports.items]) figuresById.set(r.id, r);
    for (const d of disagreements.items) {
      known.set(d.a.id, d.a);
      known.set(d.b.id, d.b);
    }
    // Troops are estimates only (DESIGN.md): no running total, tallies, comparison or flags apply.
    const troops = s.metric === 'troops';
    byId('main-section').hidden = troops;
    byId('compare-section').hidden = troops;
    byId('flags-section').hidden = troops;
    byId('estimates-section').hidden = !troops;
    renderHeadline(s, overview, compare);
    renderMain(s, period, overview, windowed);
    renderCompare(compare);
    renderFlags(overview, disagreements);
    renderEstimates(s, overview);
    renderReports(s, reports);
    setPageState('ready');
    if (problems.length) showStatus('info', `Part of the address was not understood and was left out: ${problems.join('; ')}.`);
    else if (overview.bucket !== 'day') showStatus('info', `Long series: the charts show the last point of each ${overview.bucket}. Every report stays in the table.`);
    else showStatus('none');
  } catch (e) {
    if ((e as Error).name === 'AbortError' || gen !== generation) return;
    showError(e, () => void render(problems));
  }
}

function renderHeadline(s: ViewState, overview: SeriesResult, compare: CompareResult): void {
  replace(byId('view-title'), `${s.party} · ${metricLabel(s.metric!)}`);
  const box = byId('key-sentences');
  const lines: HTMLElement[] = [];
  if (compare.year !== null) {
    const year = compare.year;
    const prevYear = compare.prev_day ? Number(compare.prev_day.slice(0, 4)) : year - 1;
    for (const row of compare.sources) {
      const soFar = row.so_far_id !== null ? figuresById.get(row.so_far_id) : undefined;
      const prevFull = row.prev_full_id !== null ? figuresById.get(row.prev_full_id) : undefined;
      lines.push(h('p', { class: 'key-sentence' }, compareSentence(row, year, prevYear, {
        soFarText: soFar ? formatFigure(soFar) : undefined,
        prevFullText: prevFull ? formatFigure(prevFull) : undefined,
      })));
    }
    for (const row of compare.derived) {
      if (row.so_far === null && row.prev_full === null) continue;
      lines.push(h('p', { class: 'key-sentence derived' }, compareSentence(row, year, prevYear, { derived: true, day: compare.day })));
    }
    lines.push(h('p', { class: 'key-sentence count' }, compareSentence(
      { source: 'Counted from incidents', so_far: compare.count.so_far, prev_same_day: compare.count.prev_same_day, prev_full: compare.count.prev_full, prev_full_is_full: true },
      year, prevYear, { day: compare.day })));
  }
  if (s.metric === 'troops') {
    lines.length = 0;
    // Each source's latest estimate, with the one before it: levels at a moment, never added up.
    const bySource = new Map<string, Report[]>();
    for (const r of overview.estimates) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
    for (const [source, list] of bySource) {
      const latest = list[list.length - 1]!;
      const before = list[list.length - 2];
      lines.push(h('p', { class: 'key-sentence' },
        `${source}: ${formatFigure(latest)} troops as of ${formatDay(latest.date, latest.date_precision)}`,
        before ? `, against ${formatFigure(before)} as of ${formatDay(before.date, before.date_precision)}` : ''));
    }
    lines.push(h('p', { class: 'key-sentence muted' }, 'Troop numbers are estimates of a level at one moment: each source’s are shown apart and never added up.'));
  }
  if (lines.length === 0) {
    const any = overview.claims.length + overview.running.length + overview.estimates.length > 0;
    lines.push(h('p', { class: 'key-sentence muted' }, any
      ? 'No tallies or incidents to compare year on year in this view.'
      : `No reports of ${s.party} · ${s.metric} in this view.`));
  }
  replace(box, ...lines);
}

// A chart's data table sits in a closed disclosure and can hold thousands of rows: it is built when
// the reader opens it (or at once when it is open), not on every load.
const pendingTables = new Map<string, () => HTMLElement>();
const wiredTables = new Set<string>();
function fillWhenOpen(id: string, build: () => HTMLElement): void {
  const box = byId(id);
  const details = box.closest('details');
  pendingTables.delete(id);
  if (!details || details.open) {
    replace(box, build());
    return;
  }
  replace(box);
  pendingTables.set(id, build);
  if (wiredTables.has(id)) return;
  wiredTables.add(id);
  details.addEventListener('toggle', () => {
    const pending = pendingTables.get(id);
    if (!details.open || !pending) return;
    pendingTables.delete(id);
    replace(box, pending());
  });
}

function renderMain(s: ViewState, period: string | null, overview: SeriesResult, windowed: SeriesResult): void {
  // Period choice: automatic, or any period start of the tallies in view.
  const starts = periodStarts(overview.claims);
  const auto = defaultPeriodStart(overview.claims);
  const periodSelect = byId<HTMLSelectElement>('f-period');
  const options = [{ value: '', label: auto ? `Automatic (${formatDay(auto)})` : (s.from ? `Automatic (${formatDay(s.from)})` : 'Automatic') }];
  for (const p of starts) options.push({ value: p.period_start, label: `${formatDay(p.period_start)} (${plural(p.tallies, 'tally', 'tallies')})` });
  if (s.period_start && !starts.some((p) => p.period_start === s.period_start)) options.push({ value: s.period_start, label: formatDay(s.period_start) });
  fillSelect(periodSelect, options, s.period_start ?? '');

  const onChart: Claim[] = period ? overview.claims.filter((c) => c.period_start === period) : [];
  const others: Claim[] = overview.claims.filter((c) => !onChart.includes(c));
  const running = windowed.running;
  // Right edge: the latest tally on the chart, the `to` filter, or the last counted day.
  const dates = [...onChart.map((c) => c.date), ...(s.to ? [s.to] : []), ...running.map((p) => p.date)].sort();
  const end = dates[dates.length - 1] ?? null;

  mainChart?.destroy();
  mainChart = null;
  const box = byId('main-chart-box');
  const msg = byId('main-chart-message');
  const canvas = byId<HTMLCanvasElement>('main-chart');
  if (onChart.length === 0 && running.length === 0) {
    box.hidden = true;
    const troops = s.metric === 'troops';
    replace(msg, message('empty', troops
      ? `Troops are estimates, never tallies or incidents: see “Troop estimates” below${overview.estimates.length ? '' : ' (none in this view either)'}.`
      : others.length
        ? `Nothing to chart since ${period ? formatDay(period) : 'the start'}: see the tallies over other periods.`
        : `No tallies and no incidents of ${s.party} · ${s.metric} in this view. Try another party or metric, or clear the filters.`));
    canvas.setAttribute('aria-label', 'Empty chart: no data in this view');
  } else {
    box.hidden = false;
    replace(msg);
    mainChart = createMainChart(canvas, { party: s.party!, metric: s.metric!, periodStart: period, end, running, claims: onChart, styles }, onPoint);
    canvas.setAttribute('aria-label', mainSummary(period, running, onChart));
  }
  replace(byId('main-summary'), ...claimSentences(period, onChart));
  fillWhenOpen('main-table', () => mainDataTable(running, onChart, period, openIds, openCountDay));
  byId<HTMLButtonElement>('png-main').disabled = mainChart === null;
  replace(byId('other-periods'), others.length
    ? otherPeriodList(others, openIds, (p) => change({ period_start: p }))
    : message('empty', overview.claims.length ? 'None: every tally in view covers the charted period.' : 'No tallies in this view.'));
}

/** Each charted source's latest tally against the count over its period ("AFP: 61 since 1 Jan 2021 …"). */
function claimSentences(period: string | null, claims: Claim[]): HTMLElement[] {
  if (!period) return [];
  const latest = new Map<string, Claim>();
  for (const c of claims) latest.set(c.source, c); // claims come in date order
  return [...latest.values()].map((c) => {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = styles.colour(c.source); // CSSOM from script: allowed by the CSP
    return h('p', {}, swatch, `${c.source}: ${formatFigure(c)} since ${formatDay(period)} (as of ${formatDay(c.date, c.date_precision)}), against ${formatNumber(c.computed)} counted over the same period (gap ${formatSigned(c.gap)})`);
  });
}

function mainSummary(period: string | null, running: SeriesResult['running'], claims: Claim[]): string {
  const last = running[running.length - 1];
  const parts: string[] = [];
  parts.push(last
    ? `Step line: ${formatNumber(last.total)} counted from incidents${period ? ` since ${formatDay(period)}` : ''}, by ${formatDay(last.date)}.`
    : `Step line: no incident counted${period ? ` since ${formatDay(period)}` : ''}.`);
  if (claims.length) {
    parts.push(`Tallies over the same period: ${claims.map((c) => `${c.source} ${formatFigure(c)} as of ${formatDay(c.date, c.date_precision)} (counted ${formatNumber(c.computed)}, gap ${formatSigned(c.gap)})`).join('; ')}.`);
  }
  return parts.join(' ');
}

function renderCompare(compare: CompareResult): void {
  const el = byId('compare');
  if (compare.year === null) {
    replace(el, message('empty', 'Nothing to compare: no tallies or incidents in this view.'));
    return;
  }
  replace(el, compareTable(compare, figuresById, openIds),
    h('p', { class: 'explain' }, 'Each row is one source, never mixed with another; “derived” rows come from a cumulative series (the difference between its tallies), computed by the server. The count row adds up incident reports over the same spans.'));
}

function renderFlags(overview: SeriesResult, disagreements: DisagreementPage): void {
  replace(byId('disagreements'), disagreements.items.length
    ? disagreementList(disagreements.items, disagreements.total, openIds)
    : message('empty', 'No two sources disagree (tallies of the same period, at most 7 days apart, more than 10% different).'));
  replace(byId('decreases'), overview.decreases.length
    ? decreaseList(overview.decreases, overview.claims, openIds)
    : message('empty', 'No source’s tally went down.'));
}

function renderEstimates(s: ViewState, overview: SeriesResult): void {
  const section = byId('estimates-section');
  estimatesChart?.destroy();
  estimatesChart = null;
  const relevant = s.metric === 'troops' || overview.estimates.length > 0;
  section.hidden = !relevant;
  if (!relevant) return;
  const box = byId('estimates-chart-box');
  const canvas = byId<HTMLCanvasElement>('estimates-chart');
  if (overview.estimates.length === 0) {
    box.hidden = true;
    replace(byId('estimates-message'), message('empty', `No troop estimates of ${s.party} in this view.`));
    canvas.setAttribute('aria-label', 'Empty chart: no estimates in this view');
  } else {
    box.hidden = false;
    replace(byId('estimates-message'));
    estimatesChart = createEstimatesChart(canvas, s.party!, overview.estimates, styles, onPoint);
    canvas.setAttribute('aria-label', `Troop estimates of ${s.party}: ${overview.estimates.map((r) => `${r.source} ${formatFigure(r)} as of ${formatDay(r.date, r.date_precision)}`).join('; ')}.`);
  }
  byId<HTMLButtonElement>('png-estimates').disabled = estimatesChart === null;
  fillWhenOpen('estimates-table', () => estimatesDataTable(overview.estimates, openIds));
}

function renderReports(s: ViewState, page: ReportPage): void {
  lastReports = page;
  const el = byId('reports');
  if (page.total === 0) {
    replace(el, message('empty', 'No reports match these filters.'));
  } else {
    const onSort = () => change({ sort: s.sort === 'date' ? '-date' : 'date' });
    replace(el,
      h('button', { type: 'button', class: 'button button-quiet mobile-sort', onclick: onSort }, s.sort === 'date' ? 'Oldest first ▲ (change)' : 'Newest first ▼ (change)'),
      reportsTable(page.items, { sort: s.sort, onSort, openIds, onEdit: signedIn() ? editReport : undefined }));
  }
  const first = page.total === 0 ? 0 : page.offset + 1;
  const last = page.offset + page.items.length;
  byId('page-info').textContent = page.total === 0 ? '' : `${formatNumber(first)}–${formatNumber(last)} of ${plural(page.total, 'report')}`;
  byId<HTMLButtonElement>('page-prev').disabled = page.offset === 0;
  byId<HTMLButtonElement>('page-next').disabled = last >= page.total;
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Writing (signed in only)

function notify(text: string, action?: { label: string; id: string; run: () => void }): void {
  const el = byId('notice');
  replace(el, h('span', {}, text),
    action ? h('button', { type: 'button', class: 'link-button', id: action.id, onclick: action.run }, action.label) : null,
    h('button', { type: 'button', class: 'link-button small notice-dismiss', 'aria-label': 'Dismiss this message', onclick: () => replace(el) }, 'Dismiss'));
}

/** After a write: the facets (new names, counts) and the view are read again. */
async function refresh(patch: Partial<ViewState> = {}): Promise<void> {
  setPageState('loading');
  known.clear();
  figuresById.clear();
  try {
    facets = await api.facets();
    styles = new SourceStyles(facets.sources.map((x) => x.name));
  } catch (e) {
    showError(e, () => void refresh());
    return;
  }
  state = { ...state, ...patch };
  writeState(state, 'replace');
  syncControls();
  if (!state.party || !state.metric) {
    const full = await defaults(state);
    state = full;
    writeState(state, 'replace');
    syncControls();
  }
  if (state.party && state.metric) await render([]);
  else renderNoData();
}

const formContext: ReportFormContext = {
  get facets() {
    return facets;
  },
  onSaved(report, mode) {
    known.set(report.id, report);
    const what = `${report.source}: ${formatFigure(report)} ${report.metric}, ${formatDay(report.date, report.date_precision)}`;
    notify(`${mode === 'created' ? 'Added' : 'Saved'} report #${report.id} (${what}).`,
      { label: 'Open it', id: 'notice-open', run: () => openIds([report.id]) });
    byId('notice').dataset.reportId = String(report.id);
    // The view moves to the report's party and metric when it shows another.
    const patch: Partial<ViewState> = report.party !== state.party || report.metric !== state.metric
      ? { party: report.party, metric: report.metric, period_start: null, offset: 0 } : {};
    if (Object.keys(patch).length) {
      state = { ...state, ...patch };
      writeState(state, 'push');
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

const manageContext: ManageContext = {
  get facets() {
    return facets;
  },
  changed({ renamed, restored }) {
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

function editReport(r: Report): void {
  closeProvenance();
  withWriting((w) => w.openReportForm(formContext, r));
}

function reportActions(r: Report): HTMLElement {
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
        withWriting((w) => w.confirmDelete(r, r.revision, formContext));
      } }, 'Delete…'));
  }
  return bar;
}

function showSession(): void {
  const s = session();
  byId('write-tools').hidden = !s.signed_in;
  byId('sign-in').hidden = s.signed_in;
  byId('sign-out').hidden = !s.signed_in;
  byId('account-name').textContent = s.signed_in ? `Signed in as ${s.name}` : '';
}

function wireWriting(): void {
  setReportActions(reportActions);
  byId('add-report').addEventListener('click', () => withWriting((w) => w.openReportForm(formContext)));
  byId('rename-open').addEventListener('click', () => withWriting((w) => w.openRename(manageContext)));
  byId('import-open').addEventListener('click', () => withWriting((w) => w.openImport(manageContext)));
  byId('deleted-open').addEventListener('click', () => withWriting((w) => w.openDeleted(manageContext)));
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
    if (lastReports && state.party && state.metric) renderReports(state, lastReports);
  });
  // The sign-in link pasted into an open tab changes only the fragment.
  window.addEventListener('hashchange', () => {
    const token = takeFragmentToken();
    if (token && !signedIn()) withWriting((w) => w.openSignIn({ token }));
  });
  showSession();
  void checkSession().then((s) => {
    const token = fragmentToken;
    fragmentToken = null;
    if (token && !s.signed_in) withWriting((w) => w.openSignIn({ token }));
    else if (token && s.signed_in) notify(`Already signed in as ${s.name}.`);
  });
}

function boot(): void {
  initProvenance();
  wireControls();
  wireWriting();
  wireSharing();
  void openPermalink().then(fromUrl);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
