// Data for the dashboard's browser tests on real-sized views, built once per test file and loaded
// through one bulk import (POST /api/import), not thousands of single writes:
// - a view of 24 sources: one daily series of 1,500 tallies beside 23 sparse ones (names with commas,
//   quotes and other scripts; a figure stated only as a range; year-start series with a partial and a
//   whole previous year; war-long series whose figures cover odd spans), no incidents;
// - 2,000 incidents over three years for the seed's party, some events with several reports, 80 on
//   one day (so that one point of the running total holds more than a page of events).
import fs from 'node:fs';
import path from 'node:path';
import { rng } from '../../scripts/random';
import { ROOT, type E2E } from './browser';

export const HEADER = 'id,date,date_precision,period_start,source,via,party,metric,kind,value,qualifier,low,high,location,event,reported_on,url,quote,notes';

export interface Row {
  date: string; source: string; party: string; metric: string; kind: 'tally' | 'incident' | 'estimate';
  period_start?: string; value?: number | null; low?: number; high?: number; qualifier?: string;
  event?: string; reported_on?: string; quote?: string; url?: string; location?: string; via?: string;
}

function cell(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvOf(rows: Row[]): string {
  const lines = rows.map((r) => [
    '', r.date, 'day', r.period_start, r.source, r.via, r.party, r.metric, r.kind, r.value, r.qualifier ?? 'exact', r.low, r.high,
    r.location, r.event, r.reported_on ?? r.date, r.url, r.quote, '',
  ].map(cell).join(','));
  return `${[HEADER, ...lines].join('\r\n')}\r\n`;
}

/** The day `n` days after an ISO day. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** A sample file's rows (without its header line), to be joined into one import. */
export function sampleBody(file: 'gaza-daily.csv' | 'lebanon-daily.csv'): string {
  const text = fs.readFileSync(path.join(ROOT, 'data', 'samples', file), 'utf8');
  const header = text.slice(0, text.search(/\r?\n/));
  if (header !== HEADER) throw new Error(`${file}: another header than the export's`);
  return text.slice(text.search(/\r?\n/)).replace(/^\r?\n/, '');
}

/** One import of CSV text through the API; fails the test unless every row is stored. */
export async function bulkImport(e: E2E, csvText: string): Promise<number> {
  const res = await e.t.http.post('/api/import').set(e.t.auth).set('Content-Type', 'text/csv').send(csvText);
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
  return res.body.inserted as number;
}

export const SYNTHETIC_PARTY = 'Synthetic front';
export const DAILY_SOURCE = 'General Staff (daily)';
const WAR_START = '2022-02-24';
export const SPARSE_SOURCES = [
  'UK Ministry of Defence', 'US Department of Defense', 'CSIS', 'Міністерство оборони', 'Ministère des Armées',
  'Agency "Q", Ltd.', 'BBC Russian, Mediazona', 'Estonian Defence Forces', 'Finnish Intelligence', 'Bundeswehr',
  'Polish General Staff', 'ISW', 'Reuters', 'AFP', 'NATO official', 'Oryx', 'UN HRMMU', 'ОБСЄ (OSCE)', 'Latvian MoD',
  'Lithuanian MoD', 'Swedish Armed Forces', 'Norwegian Intelligence', 'Zeta Analytics',
] as const;

/** 24 sources of one party and metric: one daily series of 1,500 tallies, 23 sparse; no incidents. */
export function twentyFourSources(seed = 11): Row[] {
  const r = rng(seed);
  const base = { party: SYNTHETIC_PARTY, metric: 'killed', kind: 'tally' as const };
  const daily: number[] = [];
  let total = 0;
  for (let i = 0; i < 1500; i++) daily.push((total += 120 + Math.floor(r() * 80)));
  const rows: Row[] = daily.map((value, i) => ({ ...base, source: DAILY_SOURCE, date: addDays(WAR_START, i), period_start: WAR_START, value }));
  const dayIndex = (day: string) => Math.round((Date.parse(day) - Date.parse(WAR_START)) / 86_400_000);
  SPARSE_SOURCES.forEach((source, s) => {
    // War-long figures near the daily series', some far enough off to be flagged.
    const n = 3 + Math.floor(r() * 5);
    const days = new Set<number>();
    while (days.size < n) days.add(30 + Math.floor(r() * 1460));
    for (const i of [...days].sort((a, b) => a - b)) {
      const value = Math.round(daily[i]! * (0.8 + r() * 0.45));
      rows.push({ ...base, source, date: addDays(WAR_START, i), period_start: WAR_START, value, url: `https://example.org/${s}/${i}` });
    }
    if (s === 3) {
      // A figure stated only as a range.
      const i = 700;
      rows.push({ ...base, source, date: addDays(WAR_START, i), period_start: WAR_START, value: null, low: daily[i]! - 5000, high: daily[i]! + 9000, qualifier: 'about' });
    }
    if (s === 2) {
      // Tallies at the turn of 2025/26 and in 2026: a 2026 figure from 29 Dec 2025 to 15 Mar 2026.
      for (const day of ['2025-12-28', '2026-03-15']) rows.push({ ...base, source, date: day, period_start: WAR_START, value: daily[dayIndex(day)]! + 1000 });
    }
    if (s === 1) {
      // Tallies of 26 Dec 2024 and 27 Dec 2025: a 2025 figure over a year that is not 2025.
      for (const day of ['2024-12-26', '2025-12-27']) rows.push({ ...base, source, date: day, period_start: WAR_START, value: daily[dayIndex(day)]! - 2000 });
    }
    if (s >= 4 && s < 9) {
      // Year-start series: 2025's latest tally of 30 Nov (partial) or 31 Dec (whole), and 2026 so far.
      const last2025 = s % 2 === 0 ? '2025-11-30' : '2025-12-31';
      rows.push({ ...base, source, date: '2025-06-30', period_start: '2025-01-01', value: 20_000 + s * 100 });
      rows.push({ ...base, source, date: last2025, period_start: '2025-01-01', value: 40_000 + s * 100 });
      rows.push({ ...base, source, date: `2026-0${1 + (s % 3)}-15`, period_start: '2026-01-01', value: 5_000 + s * 10 });
    }
  });
  return rows;
}

export const INCIDENT_PARTY = 'Ukrainian forces';
const INCIDENT_SOURCES = ['Ukrainian army', 'AFP', 'Reuters', 'ОБСЄ (OSCE)', 'Kyiv "Independent", daily'];

/** 2,000 incident reports over 2019–2021 for the seed's party: 300 events reported two or three times
 *  (other figures, other days reported), 80 reports on 15 Jun 2020, some with a low–high range. */
export function twoThousandIncidents(seed = 5): Row[] {
  const r = rng(seed);
  const base = { party: INCIDENT_PARTY, metric: 'killed', kind: 'incident' as const };
  const rows: Row[] = [];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const day = () => addDays('2019-01-01', Math.floor(r() * 1095));
  for (let e = 0; e < 300; e++) {
    const date = day();
    const copies = 2 + Math.floor(r() * 2);
    for (let c = 0; c < copies; c++) {
      rows.push({ ...base, source: pick(INCIDENT_SOURCES), date, value: 1 + Math.floor(r() * 4), event: `evt-${e}`, reported_on: addDays(date, c), quote: `Event ${e}, report ${c + 1}: "shelling, near the line"`, url: `https://example.org/e/${e}/${c}` });
    }
  }
  for (let i = 0; i < 80; i++) rows.push({ ...base, source: pick(INCIDENT_SOURCES), date: '2020-06-15', value: 1, quote: `One of 80 on 15 June 2020 (#${i})` });
  while (rows.length < 2000) {
    const ranged = r() < 0.1;
    const value = 1 + Math.floor(r() * 3);
    rows.push({ ...base, source: pick(INCIDENT_SOURCES), date: day(), value, ...(ranged ? { low: value, high: value + 2 } : {}), quote: `Incident ${rows.length}` });
  }
  return rows;
}
