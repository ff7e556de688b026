// Checks the dashboard's browser tests share: the words of every figure against the API's days, the
// headline's size, the legend's looks, the flags section's height.
import type { Page } from 'playwright-core';
import type { E2E } from './browser';

/** A phrase of the page that calls a figure "so far in Y" or "in all of Y", with the days its element
 *  says it covers (`data-from`/`data-to`, null when no such element holds it). */
export interface YearClaim { text: string; kind: 'so far' | 'all of'; year: number; from: string | null; to: string | null; ids: string | null }

/** Every such phrase on the page (closed disclosures included), quotes of sources left out. */
export function yearClaims(page: Page): Promise<YearClaim[]> {
  return page.evaluate(() => {
    const out: YearClaim[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const re = /(so far in|in all of) (\d{4})/g;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('blockquote, .quote-cell, .quote, script, style, #provenance')) continue;
      for (const m of (n.textContent ?? '').matchAll(re)) {
        const holder = el.closest('[data-from]');
        out.push({
          text: (el.closest('p, td, li, summary') ?? el).textContent ?? '', kind: m[1] === 'so far in' ? 'so far' : 'all of', year: Number(m[2]),
          from: holder?.getAttribute('data-from') || null, to: holder?.getAttribute('data-to') || null, ids: holder?.getAttribute('data-ids') ?? null,
        });
      }
    }
    return out;
  });
}

/** The rule itself: "so far in Y" starts on 1 January of Y; "in all of Y" is 1 January to 31 December. */
export function breaksTheRule(c: YearClaim): boolean {
  const y = String(c.year).padStart(4, '0');
  if (c.from === null || c.to === null) return true;
  return c.kind === 'so far' ? c.from !== `${y}-01-01` || c.to.slice(0, 4) !== y : c.from !== `${y}-01-01` || c.to !== `${y}-12-31`;
}

export interface PagePhrase { from: string; to: string; ids: string; where: string }

/** Every figure worded with its days (headline and comparison). */
export function pagePhrases(page: Page): Promise<PagePhrase[]> {
  return page.evaluate(() => [...document.querySelectorAll('#key-sentences [data-from], #compare [data-from]')].map((el) => ({
    from: el.getAttribute('data-from') ?? '', to: el.getAttribute('data-to') ?? '', ids: el.getAttribute('data-ids') ?? '',
    where: el.closest('#key-sentences') ? 'headline' : 'compare',
  })));
}

type Loose = Record<string, unknown>;

/**
 * The spans the API gives for the view's comparison, as `from|to|ids`: for a year-start source, 1 January
 * of the tally's year (checked against the tally's own period_start) to the tally's date; for a derived
 * figure, its `_from`/`_to` and the two tallies (a `_from` without a base tally must be the series'
 * period_start); for the count, its spans.
 */
export async function apiSpans(e: E2E, query: string): Promise<Set<string>> {
  const c = (await e.t.http.get(`/api/compare?${query}`)).body as Loose & { year: number; sources: Loose[]; derived: Loose[]; count: Loose };
  const spans = new Set<string>();
  const which = ['so_far', 'prev_same_day', 'prev_full'] as const;
  for (const row of c.sources) {
    for (const w of which) {
      if (row[w] === null) continue;
      const id = row[`${w}_id`] as number;
      const tally = (await e.t.http.get(`/api/reports/${id}`)).body as Loose;
      const y = w === 'so_far' ? c.year : c.year - 1;
      expect([id, tally.period_start]).toEqual([id, `${String(y).padStart(4, '0')}-01-01`]);
      expect([id, tally.date]).toEqual([id, row[`${w}_to`]]);
      spans.add(`${tally.period_start}|${row[`${w}_to`]}|${id}`);
    }
  }
  for (const row of c.derived) {
    for (const w of which) {
      if (row[w] === null) continue;
      const base = row[`${w}_base_id`] as number | null;
      if (base === null) expect([row.source, row[`${w}_from`]]).toEqual([row.source, row.period_start]);
      spans.add(`${row[`${w}_from`]}|${row[`${w}_to`]}|${[base, row[`${w}_id`]].filter((x) => x !== null).join(',')}`);
    }
  }
  for (const w of which) if (c.count[w] !== null) spans.add(`${c.count[`${w}_from`]}|${c.count[`${w}_to`]}|`);
  return spans;
}

/** The source sentences of the headline: those shown, and those behind "and N more sources". */
export function headlineSources(page: Page): Promise<{ shown: string[]; more: string[]; moreLabel: string | null }> {
  return page.evaluate(() => ({
    shown: [...document.querySelectorAll('#key-sentences > p.key-sentence[data-source]')].map((p) => p.getAttribute('data-source')!),
    more: [...document.querySelectorAll('#key-sentences #more-sources p.key-sentence[data-source]')].map((p) => p.getAttribute('data-source')!),
    moreLabel: document.querySelector('#more-sources > summary')?.textContent ?? null,
  }));
}

export function legendEntries(page: Page, box = '#main-legend'): Promise<{ role: string; source: string; look: string; pressed: string }[]> {
  return page.evaluate((sel) => [...document.querySelectorAll(`${sel} .legend-entry`)].map((b) => ({
    role: b.getAttribute('data-role') ?? '', source: b.getAttribute('data-source') ?? '',
    look: `${b.getAttribute('data-colour')}|${b.getAttribute('data-dash')}|${b.getAttribute('data-marker')}`,
    pressed: b.getAttribute('aria-pressed') ?? '',
  })), box);
}

/** The flags section's height in pixels, against the window's. */
export function flagsHeight(page: Page): Promise<{ section: number; screen: number }> {
  return page.evaluate(() => ({ section: document.getElementById('flags-section')!.getBoundingClientRect().height, screen: window.innerHeight }));
}
