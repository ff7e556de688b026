// Figures as people write them ("about 40", "more than 13,000", "189,500–223,000", "1.2 million") read
// into a report's value, qualifier, low and high (DESIGN.md "The report" and "Bringing data in: recipes").
// Pure: imports nothing from Node, so the import dialog's preview reads cells with the same rule.
import type { Qualifier } from './report-fields';

/** The character that separates a figure's whole part from its fraction ("1.2 million" or "1,2 Mio"). */
export const DECIMAL_MARKS = ['.', ','] as const;
export type DecimalMark = (typeof DECIMAL_MARKS)[number];

/** A figure as stated: a range stated without a value has none (DESIGN.md), only low and high. */
export interface StatedFigure {
  value: number | undefined;
  qualifier: Qualifier;
  low: number | undefined;
  high: number | undefined;
}

export type FigureTextResult = { ok: true; figure: StatedFigure } | { ok: false; message: string };

// Longest phrases first, so "at least" is tried before "at" could ever matter and "approx." before "approx".
const PREFIXES: [string, Qualifier][] = ([
  ['about', 'about'], ['some', 'about'], ['around', 'about'], ['approximately', 'about'], ['approx.', 'about'],
  ['approx', 'about'], ['roughly', 'about'], ['circa', 'about'], ['ca.', 'about'], ['c.', 'about'],
  ['an estimated', 'about'], ['~', 'about'], ['≈', 'about'],
  ['more than', 'at_least'], ['over', 'at_least'], ['above', 'at_least'], ['at least', 'at_least'],
  ['no fewer than', 'at_least'], ['no less than', 'at_least'], ['not less than', 'at_least'],
  ['upwards of', 'at_least'], ['in excess of', 'at_least'], ['>=', 'at_least'], ['≥', 'at_least'], ['>', 'at_least'],
  // "Fewer than 40" is read as at most 40, as DESIGN reads "more than 13,000" as at least 13,000; "nearly" and
  // "almost" say the count stays under the figure.
  ['up to', 'at_most'], ['as many as', 'at_most'], ['no more than', 'at_most'], ['not more than', 'at_most'],
  ['at most', 'at_most'], ['fewer than', 'at_most'], ['less than', 'at_most'], ['under', 'at_most'],
  ['nearly', 'at_most'], ['almost', 'at_most'], ['<=', 'at_most'], ['≤', 'at_most'], ['<', 'at_most'],
] as [string, Qualifier][]).sort((a, b) => b[0].length - a[0].length);

const SUFFIXES: [string, Qualifier][] = [
  [' or more', 'at_least'], [' or fewer', 'at_most'], [' or less', 'at_most'], ['+', 'at_least'],
];

const MULTIPLIERS: Record<string, bigint> = {
  k: 1_000n, thousand: 1_000n, m: 1_000_000n, mn: 1_000_000n, million: 1_000_000n, millions: 1_000_000n,
  mio: 1_000_000n, 'mio.': 1_000_000n,
};

// Thousands separators besides the decimal mark's opposite: spaces (U+00A0, U+202F and the other spaces
// are made plain spaces first).
const SPACES = /[\s\u00a0\u2007\u2009\u202f]+/g;
const DASHES = /^(.+?)\s*[-\u2010-\u2015\u2212]\s*(.+)$/;
const HINT = 'write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"';

interface NumberText {
  /** Exact value times 10^scale. */
  mantissa: bigint;
  scale: number;
  multiplier: bigint | undefined;
  text: string;
  decimalMark: DecimalMark;
}

function numberPattern(decimalMark: DecimalMark): RegExp {
  const separators = decimalMark === '.' ? [',', ' '] : ['.', ' '];
  const grouped = separators.map((s) => `\\d{1,3}(?:${s === '.' ? '\\.' : s}\\d{3})+`);
  const mark = decimalMark === '.' ? '\\.' : ',';
  const words = Object.keys(MULTIPLIERS).sort((a, b) => b.length - a.length).map((w) => w.replace('.', '\\.'));
  return new RegExp(`^(${[...grouped, '\\d+'].join('|')})(?:${mark}(\\d+))?(?: ?(${words.join('|')}))?$`);
}

const PATTERNS: Record<DecimalMark, RegExp> = { '.': numberPattern('.'), ',': numberPattern(',') };

function readNumber(text: string, decimalMark: DecimalMark): NumberText | undefined {
  const m = PATTERNS[decimalMark].exec(text);
  if (!m) return undefined;
  const whole = m[1]!.replace(/[^\d]/g, '');
  const fraction = m[2] ?? '';
  return {
    mantissa: BigInt(whole + fraction),
    scale: fraction.length,
    multiplier: m[3] === undefined ? undefined : MULTIPLIERS[m[3]],
    text,
    decimalMark,
  };
}

/** The whole number a figure's text stands for, with `multiplier` when it has none of its own. */
function valueOf(n: NumberText, multiplier = n.multiplier ?? 1n): { ok: true; value: number } | { ok: false; message: string } {
  const times = n.multiplier ?? multiplier;
  // A decimal part only with a multiplier ("1.5 million"): "2.000" with "." as the mark is more likely
  // 2,000 written with "." between thousands than two, and is never guessed.
  if (n.scale > 0 && times === 1n) {
    const other = n.decimalMark === '.' ? ',' : '.';
    return { ok: false, message: `"${n.text}" has a decimal part: a figure is a whole number unless it has a multiplier ("k", "million"); if "${n.decimalMark}" separates thousands in this file, set the recipe's decimal mark to "${other}"` };
  }
  const total = n.mantissa * times;
  const unit = 10n ** BigInt(n.scale);
  if (total % unit !== 0n) {
    return { ok: false, message: `"${n.text}" is not a whole number` };
  }
  const value = total / unit;
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: `"${n.text}" is too large` };
  return { ok: true, value: Number(value) };
}

function stripPrefix(s: string): { rest: string; qualifier: Qualifier | undefined } {
  for (const [phrase, qualifier] of PREFIXES) {
    if (!s.startsWith(phrase)) continue;
    const rest = s.slice(phrase.length);
    // A word needs a space after it ("over 40", not "overall"); a sign or "~" may touch the number.
    const isWord = /[a-z.]$/.test(phrase);
    if (isWord && !rest.startsWith(' ')) continue;
    return { rest: rest.trimStart(), qualifier };
  }
  return { rest: s, qualifier: undefined };
}

function stripSuffix(s: string): { rest: string; qualifier: Qualifier | undefined } {
  for (const [phrase, qualifier] of SUFFIXES) {
    if (s.endsWith(phrase)) return { rest: s.slice(0, -phrase.length).trimEnd(), qualifier };
  }
  return { rest: s, qualifier: undefined };
}

/** Splits "A–B", "A - B", "A to B", "between A and B" and "from A to B" into its two ends. */
function splitRange(s: string): [string, string] | undefined {
  const words = /^(?:between (.+) and (.+)|from (.+) to (.+))$/.exec(s);
  if (words) return [(words[1] ?? words[3])!, (words[2] ?? words[4])!];
  const to = /^(.+?) to (.+)$/.exec(s);
  if (to) return [to[1]!, to[2]!];
  const dash = DASHES.exec(s);
  if (dash) return [dash[1]!, dash[2]!];
  return undefined;
}

type Ends = { ok: true; low: number; high: number } | { ok: false; message: string };

function readRange(lowText: string, highText: string, decimalMark: DecimalMark, whole: string): Ends {
  const low = readNumber(lowText, decimalMark);
  const high = readNumber(highText, decimalMark);
  if (!low || !high) return { ok: false, message: `"${whole}" is not a figure: ${HINT}` };
  const h = valueOf(high);
  if (!h.ok) return h;
  // "1.2–1.5 million" and "200–300 thousand": the low end takes the high end's multiplier when it has none,
  // unless that would put it above the high end ("500 – 1.2 million" is 500 to 1,200,000).
  let l = valueOf(low, high.multiplier);
  if (low.multiplier === undefined && high.multiplier !== undefined && (!l.ok || l.value > h.value)) {
    const plain = valueOf(low, 1n);
    if (plain.ok) l = plain;
  }
  if (!l.ok) return l;
  if (l.value > h.value) return { ok: false, message: `"${whole}": the range's low end is above its high end` };
  return { ok: true, low: l.value, high: h.value };
}

/**
 * Reads a figure as stated. Accepted: a whole number with thousands separators (",", "." or spaces, the
 * one that is not the decimal mark; U+00A0 and U+202F count as spaces), "k", "thousand", "million", "m",
 * "mn" or "Mio" after it ("1.2 million", "12k", "1,2 Mio" with the decimal mark ","); qualifier words
 * before it ("about", "some", "around", "approximately", "~" → about; "more than", "over", "at least",
 * ">" → at least; "up to", "as many as", "no more than", "fewer than", "nearly" → at most) or after it
 * ("40+", "40 or more", "40 or fewer"); a range ("189,500–223,000" with an en dash or a hyphen, "10 to
 * 20", "between 10 and 20", optionally after "about"), which has no value; and a value with its range
 * ("40 (30–50)"). A figure must come out whole ("1.25k" is 1,250; "1.2345k" is refused) and not negative.
 * Anything else is refused with a message that quotes the text.
 */
export function parseFigureText(text: string, decimalMark: DecimalMark = '.'): FigureTextResult {
  const whole = text.replace(SPACES, ' ').trim();
  if (whole === '') return { ok: false, message: 'is empty: a figure is needed' };
  const s = whole.toLowerCase();
  if (/^[-\u2212]\s*\d/.test(s)) return { ok: false, message: `"${whole}" is negative: a figure is 0 or more` };
  const bad = (message = `"${whole}" is not a figure: ${HINT}`): FigureTextResult => ({ ok: false, message });

  const pre = stripPrefix(s);
  const post = stripSuffix(pre.rest);
  if (pre.qualifier && post.qualifier) return bad(`"${whole}" has two qualifiers: keep one`);
  const qualifier = pre.qualifier ?? post.qualifier ?? 'exact';
  const body = post.rest;

  // A value with its range: "40 (30–50)".
  const withRange = /^(.+?) ?\((.+)\)$/.exec(body);
  if (withRange) {
    const ends = splitRange(withRange[2]!);
    const n = readNumber(withRange[1]!, decimalMark);
    if (!ends || !n) return bad();
    const v = valueOf(n);
    if (!v.ok) return v;
    const range = readRange(ends[0], ends[1], decimalMark, whole);
    if (!range.ok) return range;
    if (v.value < range.low || v.value > range.high) return bad(`"${whole}": the value is outside its range`);
    return { ok: true, figure: { value: v.value, qualifier, low: range.low, high: range.high } };
  }

  const single = readNumber(body, decimalMark);
  if (single) {
    const v = valueOf(single);
    if (!v.ok) return v;
    return { ok: true, figure: { value: v.value, qualifier, low: undefined, high: undefined } };
  }

  const ends = splitRange(body);
  if (!ends) return bad();
  if (qualifier === 'at_least' || qualifier === 'at_most') {
    return bad(`"${whole}": a range cannot also be "${qualifier.replace('_', ' ')}"`);
  }
  const range = readRange(ends[0], ends[1], decimalMark, whole);
  if (!range.ok) return range;
  return { ok: true, figure: { value: undefined, qualifier, low: range.low, high: range.high } };
}
