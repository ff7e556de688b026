// Loading a view: the address (or a control) gives the filters, the documented read routes give the
// figures, and each section draws its part. Requests of an older view are aborted, and an answer that
// arrives after a newer view began is dropped.
import { api } from './api';
import { MAX_PAGE_LIMIT } from '../server/domain/figure-types';
import { byId, h, replace } from './dom';
import { syncControls } from './filter-bar';
import { defaultPeriodStart } from './periods';
import { estimatesChart, renderEstimates } from './section-estimates';
import { renderCompare } from './section-compare';
import { renderFlags } from './section-flags';
import { nothingCounted } from './counted';
import { renderHeadline } from './section-headline';
import { mainChart, renderMain } from './section-main';
import { renderReports, tableFilters, updateCsvLinks } from './section-reports';
import { setPageState, showError, showStatus } from './status';
import { parseState, writeState, type ViewState } from './url-state';
import { PAGE_SIZE, figuresById, forgetFetched, known, setFacets, setStyles, view } from './view-state';

let generation = 0;
let inFlight: AbortController | null = null;

/** Default view: the most reported party, and its most reported metric (ties: killed first). */
function withDefaults(s: ViewState): ViewState {
  const out = { ...s };
  const facets = view.facets;
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

/** The view the address names (first load, back and forward). */
export async function fromUrl(): Promise<void> {
  const { state: parsed, problems } = parseState(location.search);
  try {
    let facetsReady: Promise<void> | null = null;
    if (!view.facets) {
      setPageState('loading');
      showStatus('loading', 'Loading the parties and sources…');
      facetsReady = api.facets().then(setFacets);
      facetsReady.catch(() => undefined);
      // Without a party and metric in the address the defaults come from the facets; with them (a
      // shared link), the figures are asked for at once and the facets arrive meanwhile.
      if (!parsed.party || !parsed.metric) await facetsReady;
    }
    view.state = withDefaults(parsed);
    writeState(view.state, 'replace');
    syncControls();
    if (!view.state.party || !view.state.metric) {
      renderNoData();
      return;
    }
    await render(problems, facetsReady);
  } catch (e) {
    showError(e, () => void fromUrl());
  }
}

/** After a write: the facets (new names, counts) and the view are read again. */
export async function refresh(patch: Partial<ViewState> = {}): Promise<void> {
  setPageState('loading');
  forgetFetched();
  try {
    setFacets(await api.facets());
  } catch (e) {
    showError(e, () => void refresh());
    return;
  }
  view.state = { ...view.state, ...patch };
  writeState(view.state, 'replace');
  syncControls();
  if (!view.state.party || !view.state.metric) {
    view.state = withDefaults(view.state);
    writeState(view.state, 'replace');
    syncControls();
  }
  if (view.state.party && view.state.metric) await render([]);
  else renderNoData();
}

function renderNoData(): void {
  replace(byId('view-title'), 'No reports yet');
  replace(byId('key-sentences'), h('p', {}, 'The database holds no reports. Add some through the API (POST /api/reports) or the CSV import, then reload.'));
  mainChart.clear();
  estimatesChart.clear();
  setPageState('ready');
  showStatus('none');
}

/** Draws the current view. `facetsReady`: the facets still on their way (source colours and the
 *  filter lists need them). */
export async function render(problems: string[], facetsReady: Promise<void> | null = null): Promise<void> {
  const gen = ++generation;
  inFlight?.abort();
  const ctrl = new AbortController();
  inFlight = ctrl;
  const signal = ctrl.signal;
  const s = view.state;
  const party = s.party!;
  const metric = s.metric!;
  setPageState('loading');
  showStatus('loading', `Loading ${party} · ${metric}…`);

  const base = { party, metric, source: s.source, count_source: s.count_source };
  const points = s.max_points ?? undefined;
  const overviewP = api.series({ ...base, from: s.from ?? undefined, to: s.to ?? undefined, max_points: points }, signal);
  const compareP = api.compare(base, signal);
  // The groups are what a reader sees first, the most flagged first: so as many as a page holds (the API
  // orders them by source); the flagged pairs fetched with them give the dates of many groups' largest.
  const disagreementsP = api.disagreements({ party, metric, source: s.source, limit: 100, groups_limit: MAX_PAGE_LIMIT }, signal);
  updateCsvLinks(s);
  const reportsP = api.reports({ ...tableFilters(s), limit: PAGE_SIZE, offset: s.offset, sort: s.sort }, signal);
  // A failure is reported once, below; the others must not surface as unhandled rejections.
  for (const p of [compareP, disagreementsP, reportsP]) p.catch(() => undefined);

  try {
    const overview = await overviewP;
    const period = s.period_start ?? defaultPeriodStart(overview.claims);
    const windowed = period ? await api.series({ ...base, from: period, to: s.to ?? undefined, max_points: points }, signal) : overview;
    const [compare, disagreements, reports] = await Promise.all([compareP, disagreementsP, reportsP]);
    if (facetsReady) {
      await facetsReady;
      syncControls();
    }
    if (gen !== generation) return;
    for (const r of [...overview.estimates, ...reports.items]) known.set(r.id, r);
    for (const r of [...overview.claims, ...windowed.claims, ...overview.decreases, ...overview.estimates, ...reports.items]) figuresById.set(r.id, r);
    // Each source of the view keeps its look on both charts, the legend and the sentences.
    setStyles([...overview.claims.map((c) => c.source), ...overview.estimates.map((r) => r.source)]);
    const counted = !nothingCounted(compare);
    // Troops are estimates only (DESIGN.md): no running total, tallies, comparison or flags apply.
    const troops = s.metric === 'troops';
    byId('main-section').hidden = troops;
    byId('compare-section').hidden = troops;
    byId('flags-section').hidden = troops;
    byId('estimates-section').hidden = !troops;
    renderHeadline(s, overview, compare);
    renderMain(s, period, overview, windowed, counted);
    renderCompare(compare, counted);
    renderFlags(s, overview, disagreements);
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
