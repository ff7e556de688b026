// Property tests of the derived figures on random reports: the running total never falls, its band holds
// it, a second report of an event with the same figure and date changes nothing, the order the reports
// come in changes nothing, and deleting then restoring (through the real store) changes nothing.
import fc from 'fast-check';
import { computeCompare, computeDisagreements, computeSeries } from '../../server/domain/figures';
import type { Report } from '../../server/domain/report';
import { openDatabase } from '../../server/db/connection';
import { createStore } from '../../server/db/store';

const PARTY = 'Ukrainian forces';
const SOURCES = ['AFP', 'Ukrainian army', 'Reuters', 'OHCHR'];
const EVENTS = ['e1', 'e2', 'e3', 'e4', 'e5'];

interface Draft { kind: 'incident' | 'tally'; source: string; date: string; period_start: string | null; event: string | null; reported_on: string | null; value: number | null; low: number | null; high: number | null }

/** Wide: dates over 900 days, figures to 500. Dense: 12 days, figures to 4, so that ties (same
 *  reported_on, same figure) are common and every tie-break is exercised. */
function arbs(days: number, maxFigure: number) {
  const dayArb = fc.integer({ min: 0, max: days }).map((n) => new Date(Date.UTC(2020, 11, 25) + n * 86_400_000).toISOString().slice(0, 10));

  /** A report's figure fields obeying the schema: low ≤ value ≤ high where given; no value only with both. */
  const figureArb = fc.record({
    value: fc.option(fc.integer({ min: 0, max: maxFigure }), { freq: 6, nil: null }),
    lowBelow: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
    highAbove: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
    base: fc.integer({ min: 0, max: maxFigure }),
  }).map(({ value, lowBelow, highAbove, base }) => {
    if (value === null) return { value: null, low: base, high: base + (highAbove ?? 0) };
    return {
      value,
      low: lowBelow === null ? null : Math.max(0, value - lowBelow),
      high: highAbove === null ? null : value + highAbove,
    };
  });

  const incidentArb: fc.Arbitrary<Draft> = fc.record({
    source: fc.constantFrom(...SOURCES), date: dayArb, event: fc.option(fc.constantFrom(...EVENTS), { nil: null }),
    reported_on: fc.option(dayArb, { nil: null }), fig: figureArb,
  }).map(({ fig, ...r }) => ({ kind: 'incident' as const, period_start: null, ...r, ...fig }));

  const tallyArb: fc.Arbitrary<Draft> = fc.record({
    source: fc.constantFrom(...SOURCES), date: dayArb, start: fc.constantFrom('2020-01-01', '2021-01-01', '2020-12-28'),
    reported_on: fc.option(dayArb, { nil: null }), fig: figureArb,
  }).filter((r) => r.start <= r.date)
    .map(({ fig, start, ...r }) => ({ kind: 'tally' as const, period_start: start, event: null, ...r, ...fig }));

  return fc.array(fc.oneof({ weight: 3, arbitrary: incidentArb }, { weight: 1, arbitrary: tallyArb }), { minLength: 1, maxLength: 60 });
}
const wideArb = arbs(900, 500);
const denseArb = arbs(12, 4);
const reportsArb = fc.oneof(wideArb, denseArb);

function asReports(drafts: Draft[]): Report[] {
  return drafts.map((d, i) => ({
    id: i + 1, date_precision: 'day', via: null, party: PARTY, metric: 'killed', qualifier: 'exact', location: null,
    url: null, quote: null, notes: null, created_at: 'x', updated_at: 'x', revision: 1, ...d,
  }));
}

const all = (reports: Report[]) => ({
  series: computeSeries(reports, {}),
  compare: computeCompare(reports, {}),
  disagreements: computeDisagreements(reports, {}),
});

describe('derived figures: invariants on random data', () => {
  test('the running total never falls, and low ≤ total ≤ high at every point', () => {
    fc.assert(fc.property(reportsArb, fc.option(fc.constantFrom<string[]>(['AFP'], ['Reuters', 'OHCHR']), { nil: undefined }), (drafts, countSource) => {
      const { running } = computeSeries(asReports(drafts), { count_source: countSource });
      for (let i = 0; i < running.length; i++) {
        const p = running[i]!;
        expect(p.low).toBeLessThanOrEqual(p.total);
        expect(p.total).toBeLessThanOrEqual(p.high);
        if (i > 0) {
          const q = running[i - 1]!;
          expect(p.date > q.date).toBe(true);
          expect(p.total).toBeGreaterThanOrEqual(q.total);
          expect(p.low).toBeGreaterThanOrEqual(q.low);
          expect(p.high).toBeGreaterThanOrEqual(q.high);
        }
      }
    }), { numRuns: 400 });
  });

  test('a second report of an event with the same figure and date changes nothing', () => {
    fc.assert(fc.property(reportsArb, fc.nat(), fc.constantFrom(...SOURCES), (drafts, pick, source) => {
      const incidents = drafts.filter((d) => d.kind === 'incident');
      fc.pre(incidents.length > 0);
      const orig = incidents[pick % incidents.length]!;
      // A report without an event key becomes the one-report event "solo"; then it gets a twin.
      if (orig.event === null) orig.event = 'solo';
      const before = all(asReports(drafts));
      const twin: Draft = { ...orig, source, value: orig.value ?? orig.low, low: null, high: null };
      const after = all(asReports([...drafts, twin]));
      expect(after.series.running).toEqual(before.series.running);
      expect(after.series.claims.map((c) => [c.id, c.computed, c.gap])).toEqual(before.series.claims.map((c) => [c.id, c.computed, c.gap]));
      expect(after.compare.count).toEqual(before.compare.count);
    }), { numRuns: 400 });
  });

  test('the order the reports come in changes nothing', () => {
    fc.assert(fc.property(reportsArb.chain((d) => fc.tuple(fc.constant(d), fc.shuffledSubarray(asReports(d), { minLength: d.length }))), ([drafts, shuffled]) => {
      expect(all(shuffled)).toEqual(all(asReports(drafts)));
    }), { numRuns: 300 });
  });

  test('deleting then restoring through the store changes nothing; while deleted, a report is in no figure', () => {
    const db = openDatabase(':memory:');
    const store = createStore(db);
    // Timestamps and revisions change on delete and restore; the figures must not.
    const strip = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'updated_at' || k === 'revision' ? undefined : v)));
    try {
      fc.assert(fc.property(reportsArb, fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), (drafts, picks) => {
        db.exec('DELETE FROM revisions; DELETE FROM reports;');
        const ids = drafts.map((d) => store.insertReport({
          source: d.source, party: PARTY, metric: 'killed', kind: d.kind, date: d.date, date_precision: 'day', qualifier: 'exact',
          period_start: d.period_start ?? undefined, event: d.event ?? undefined, reported_on: d.reported_on ?? undefined,
          value: d.value ?? undefined, low: d.low ?? undefined, high: d.high ?? undefined,
        }, 'prop').id);
        const before = all(store.reportsFor(PARTY, 'killed'));
        const victims = [...new Set(picks.map((p) => ids[p % ids.length]!))];
        for (const id of victims) expect(store.deleteReport(id, 'prop').status).toBe('ok');

        const during = all(store.reportsFor(PARTY, 'killed'));
        const seen = JSON.stringify([during.series.claims, during.series.decreases, during.series.estimates, during.disagreements].flat().map((x) => ('a' in x ? [x.a.id, x.b.id] : x.id)));
        for (const id of victims) expect(JSON.parse(seen).flat()).not.toContain(id);
        // And the count without them is what the reports left give.
        const left = asReports(drafts.filter((_d, i) => !victims.includes(ids[i]!))).map((r, i) => ({ ...r, id: ids.filter((id) => !victims.includes(id))[i]! }));
        expect(during.series.running).toEqual(computeSeries(left, {}).running);

        for (const id of victims) expect(store.restoreReport(id, 'prop').status).toBe('ok');
        expect(strip(all(store.reportsFor(PARTY, 'killed')))).toEqual(strip(before));
      }), { numRuns: 150 });
    } finally {
      db.close();
    }
  });
});
