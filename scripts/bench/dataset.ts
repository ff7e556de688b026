// The benchmark's synthetic data, deterministic (one seeded generator), in two shapes:
// - standard: 40 parties, 300 sources, ten years; ¾ incidents (one event in ten reported by two or
//   three sources), ¼ tallies in long daily series each with its own period start, ½ % estimates;
// - many-sources: the same incidents, but the tallies are 300 sources each publishing cumulative
//   tallies about the same 40 parties (one party a fifth of all reports), every source of a party
//   counting from the same day, at irregular intervals, each with its own bias: hundreds of series
//   compared with each other.
import fs from 'node:fs';
import { csvLine } from '../../server/domain/csv';
import { rng } from '../random';

export const PROFILES = ['standard', 'many-sources'] as const;
export type Profile = (typeof PROFILES)[number];

const DAY = 86_400_000;
const START = Date.UTC(2015, 0, 1);
const DAYS = 3652;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const PARTIES = Array.from({ length: 40 }, (_, i) => `Party ${String(i + 1).padStart(2, '0')}`);
const SOURCES = Array.from({ length: 300 }, (_, i) => `Source ${String(i + 1).padStart(3, '0')}`);
const WORDS = ['shelling', 'drone', 'artillery', 'convoy', 'checkpoint', 'village', 'frontline', 'airstrike', 'mortar', 'sniper', 'Київ', 'Донецьк', 'Харків'];
export const CSV_HEADER = ['date', 'date_precision', 'period_start', 'source', 'via', 'party', 'metric', 'kind', 'value', 'qualifier', 'low', 'high', 'location', 'event', 'reported_on', 'url', 'quote', 'notes'];

/** Zipf-like pick: low indexes much more often, as real data has a few busy parties and sources. */
const zipf = (r: () => number, n: number) => Math.min(n - 1, Math.floor(n * Math.pow(r(), 2.2)));

type Write = (cells: string[]) => void;

/** Incidents: a Zipf party (or, with `busyShare`, party 01 that share of them), one in ten events
 *  reported by two or three sources whose figures differ a little. */
function incidents(r: () => number, count: number, write: Write, party: () => string): void {
  let written = 0;
  let event = 0;
  while (written < count) {
    const day = iso(START + Math.floor(r() * DAYS) * DAY);
    const p = party();
    const metric = r() < 0.65 ? 'killed' : r() < 0.7 ? 'wounded' : r() < 0.5 ? 'missing' : 'captured';
    const value = 1 + Math.floor(r() * r() * 30);
    const word = WORDS[Math.floor(r() * WORDS.length)]!;
    const reporters = r() < 0.1 ? 2 + Math.floor(r() * 2) : 1;
    const key = reporters > 1 ? `ev-${++event}` : '';
    for (let k = 0; k < reporters && written < count; k++, written++) {
      const v = Math.max(0, value + (k === 0 ? 0 : Math.floor(r() * 5) - 2));
      const ranged = r() < 0.05;
      write([day, 'day', '', SOURCES[zipf(r, SOURCES.length)]!, r() < 0.3 ? 'AFP' : '', p, metric, 'incident', String(v),
        r() < 0.2 ? 'about' : 'exact', ranged ? String(Math.max(0, v - 2)) : '', ranged ? String(v + 3) : '', `Oblast ${1 + Math.floor(r() * 25)}`, key,
        iso(Date.parse(day) + Math.floor(r() * 3) * DAY), `https://news.example/${written}`, `${v} killed in ${word} near Oblast, officials said`, '']);
    }
  }
}

function estimates(r: () => number, count: number, write: Write): void {
  for (let e = 0; e < count; e++) {
    write([iso(START + Math.floor(r() * DAYS) * DAY), 'day', '', SOURCES[zipf(r, 30)]!, '', PARTIES[zipf(r, 10)]!, 'troops', 'estimate',
      String(1000 * (10 + Math.floor(r() * 200))), r() < 0.5 ? 'about' : 'at_least', '', '', 'near the border', '', '', '', 'troops massed', '']);
  }
}

function standard(rows: number, write: Write): void {
  const r = rng(42);
  const tallies = Math.floor(rows / 4);
  const nEstimates = Math.floor(rows / 200);
  incidents(r, rows - tallies - nEstimates, write, () => PARTIES[zipf(r, PARTIES.length)]!);
  // Daily cumulative series: each runs from a start day for up to ~3 years, one tally a day.
  let t = 0;
  let series = 0;
  while (t < tallies) {
    series++;
    const source = SOURCES[zipf(r, 40)]!;
    const party = PARTIES[zipf(r, PARTIES.length)]!;
    const metric = r() < 0.8 ? 'killed' : 'wounded';
    const first = Math.floor(r() * (DAYS - 400));
    const length = Math.min(tallies - t, 300 + Math.floor(r() * 800), DAYS - first);
    const periodStart = iso(START + first * DAY);
    let total = Math.floor(r() * 100);
    for (let d = 0; d < length; d++, t++) {
      total += Math.floor(r() * 8);
      // Now and then a source revises its tally down.
      const v = r() < 0.01 ? Math.max(0, total - 5) : total;
      write([iso(START + (first + d) * DAY), 'day', periodStart, source, '', party, metric, 'tally', String(v), 'exact', '', '', '', '',
        iso(START + (first + d) * DAY), '', `${source} says ${v} ${metric} since ${periodStart}`, `series ${series}`]);
    }
  }
  estimates(r, nEstimates, write);
}

/** Party 01 holds a fifth of all reports; the other 39 share the rest. */
const BUSY_SHARE = 0.2;

function manySources(rows: number, write: Write): void {
  const r = rng(43);
  const tallies = Math.floor(rows / 4);
  const nEstimates = Math.floor(rows / 200);
  const nIncidents = rows - tallies - nEstimates;
  const party = () => (r() < BUSY_SHARE ? PARTIES[0]! : PARTIES[1 + Math.floor(r() * (PARTIES.length - 1))]!);
  incidents(r, nIncidents, write, party);
  // Every source publishes about every party: a cumulative series per source, party and metric, all of
  // a party's sources counting from the party's own start day, each source with its bias (0.7–1.3 of
  // the true count), at irregular intervals; party 01 gets its fifth of the tallies.
  const busyTallies = Math.floor(tallies * BUSY_SHARE);
  const perParty = PARTIES.map((_p, i) => (i === 0 ? busyTallies : Math.floor((tallies - busyTallies) / (PARTIES.length - 1))));
  perParty[perParty.length - 1]! += tallies - perParty.reduce((a, b) => a + b, 0);
  PARTIES.forEach((p, pi) => {
    const startDay = pi * 7;
    const periodStart = iso(START + startDay * DAY);
    const rate = 2 + pi % 5; // true deaths a day
    for (const metric of ['killed', 'wounded'] as const) {
      const count = Math.round(perParty[pi]! * (metric === 'killed' ? 0.8 : 0.2));
      const perSource = count / SOURCES.length;
      const gap = (DAYS - startDay) / Math.max(1, perSource);
      let left = count;
      SOURCES.forEach((source, si) => {
        const n = si === SOURCES.length - 1 ? left : Math.min(left, Math.floor(perSource) + (r() < perSource % 1 ? 1 : 0));
        left -= n;
        const bias = 0.7 + r() * 0.6;
        let day = startDay + Math.floor(r() * gap);
        let last = 0;
        for (let k = 0; k < n && day < DAYS; k++) {
          const truth = (day - startDay + 1) * rate * (metric === 'killed' ? 1 : 3);
          last = Math.max(last, Math.round(truth * bias * (0.95 + r() * 0.1)));
          const date = iso(START + day * DAY);
          write([date, 'day', periodStart, source, '', p, metric, 'tally', String(last), r() < 0.2 ? 'about' : 'exact', '', '', '', '',
            date, '', `${source}: ${last} ${metric} since ${periodStart}`, '']);
          day += 1 + Math.floor(r() * 1.8 * gap);
        }
      });
    }
  });
  estimates(r, nEstimates, write);
}

export function generateCsv(file: string, rows: number, profile: Profile = 'standard'): void {
  const fd = fs.openSync(file, 'w');
  let buf = csvLine(CSV_HEADER);
  const write: Write = (cells) => {
    buf += csvLine(cells);
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  };
  (profile === 'standard' ? standard : manySources)(rows, write);
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}
