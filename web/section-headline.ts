// The headline: the view's title and its key sentences (each source's year so far against the year
// before, the count's, or for troops each source's latest estimates).
import type { Report } from '../server/domain/report-fields';
import type { CompareResult, SeriesResult } from '../server/domain/figures';
import { byId, h, replace } from './dom';
import { compareSentence, formatDay, formatFigure, metricLabel } from './format';
import type { ViewState } from './url-state';
import { figuresById } from './view-state';

export function renderHeadline(s: ViewState, overview: SeriesResult, compare: CompareResult): void {
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
