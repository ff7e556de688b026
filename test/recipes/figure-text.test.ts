// The figure-text parser (server/domain/figure-text.ts): every qualifier's words, ranges, separators with
// the decimal mark named, multipliers, and the texts it must refuse.
import { parseFigureText, type DecimalMark, type StatedFigure } from '../../server/domain/figure-text';

const exact = (value: number): StatedFigure => ({ value, qualifier: 'exact', low: undefined, high: undefined });
const about = (value: number): StatedFigure => ({ value, qualifier: 'about', low: undefined, high: undefined });
const atLeast = (value: number): StatedFigure => ({ value, qualifier: 'at_least', low: undefined, high: undefined });
const atMost = (value: number): StatedFigure => ({ value, qualifier: 'at_most', low: undefined, high: undefined });
const range = (low: number, high: number, qualifier: StatedFigure['qualifier'] = 'exact'): StatedFigure => ({ value: undefined, qualifier, low, high });

const READ: [string, DecimalMark, StatedFigure][] = [
  // Plain numbers and thousands separators.
  ['40', '.', exact(40)],
  ['0', '.', exact(0)],
  ['  61 ', '.', exact(61)],
  ['13,000', '.', exact(13000)],
  ['1,234,567', '.', exact(1234567)],
  ['13 000', '.', exact(13000)],
  ['13\u00a0000', '.', exact(13000)],
  ['13\u202f000', '.', exact(13000)],
  ['13.000', ',', exact(13000)],
  ['1.234.567', ',', exact(1234567)],
  ['1234567', ',', exact(1234567)],
  // about
  ['about 40', '.', about(40)],
  ['About 40', '.', about(40)],
  ['some 40', '.', about(40)],
  ['around 40', '.', about(40)],
  ['approximately 115,000', '.', about(115000)],
  ['approx. 40', '.', about(40)],
  ['roughly 40', '.', about(40)],
  ['circa 40', '.', about(40)],
  ['ca. 40', '.', about(40)],
  ['an estimated 40', '.', about(40)],
  ['~40', '.', about(40)],
  ['~ 40', '.', about(40)],
  ['≈40', '.', about(40)],
  // at least
  ['more than 13,000', '.', atLeast(13000)],
  ['over 90,000', '.', atLeast(90000)],
  ['at least 90,000', '.', atLeast(90000)],
  ['AT LEAST 90 000', '.', atLeast(90000)],
  ['no fewer than 12', '.', atLeast(12)],
  ['upwards of 500', '.', atLeast(500)],
  ['in excess of 1.2 million', '.', atLeast(1200000)],
  ['>40', '.', atLeast(40)],
  ['≥ 40', '.', atLeast(40)],
  ['40+', '.', atLeast(40)],
  ['40 or more', '.', atLeast(40)],
  // at most
  ['up to 500', '.', atMost(500)],
  ['as many as 500', '.', atMost(500)],
  ['no more than 500', '.', atMost(500)],
  ['fewer than 500', '.', atMost(500)],
  ['less than 500', '.', atMost(500)],
  ['under 500', '.', atMost(500)],
  ['at most 500', '.', atMost(500)],
  ['nearly 500', '.', atMost(500)],
  ['almost 500', '.', atMost(500)],
  ['<500', '.', atMost(500)],
  ['500 or fewer', '.', atMost(500)],
  // Ranges: no value, low and high.
  ['189,500–223,000', '.', range(189500, 223000)],
  ['189,500 – 223,000', '.', range(189500, 223000)],
  ['189,500-223,000', '.', range(189500, 223000)],
  ['189 500 - 223 000', '.', range(189500, 223000)],
  ['189.500–223.000', ',', range(189500, 223000)],
  ['10 to 20', '.', range(10, 20)],
  ['between 10 and 20', '.', range(10, 20)],
  ['from 10 to 20', '.', range(10, 20)],
  ['about 10–20', '.', range(10, 20, 'about')],
  ['1.2–1.5 million', '.', range(1200000, 1500000)],
  ['200-300k', '.', range(200000, 300000)],
  ['500 – 1.2 million', '.', range(500, 1200000)],
  ['40–40', '.', range(40, 40)],
  // A value with its range.
  ['40 (30–50)', '.', { value: 40, qualifier: 'exact', low: 30, high: 50 }],
  ['about 40 (30-50)', '.', { value: 40, qualifier: 'about', low: 30, high: 50 }],
  // Multipliers.
  ['1.2 million', '.', exact(1200000)],
  ['1.2m', '.', exact(1200000)],
  ['2 mn', '.', exact(2000000)],
  ['12k', '.', exact(12000)],
  ['12 K', '.', exact(12000)],
  ['1.25k', '.', exact(1250)],
  ['3 thousand', '.', exact(3000)],
  ['1,2 Mio', ',', exact(1200000)],
  ['1,2 Mio.', ',', exact(1200000)],
  ['about 1,5 Mio', ',', about(1500000)],
];

describe('parseFigureText reads', () => {
  test.each(READ)('%j (decimal mark %s)', (text, mark, figure) => {
    expect(parseFigureText(text, mark)).toEqual({ ok: true, figure });
  });
});

const REFUSED: [string, DecimalMark, string][] = [
  ['', '.', 'is empty: a figure is needed'],
  ['   ', '.', 'is empty: a figure is needed'],
  ['many', '.', '"many" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  ['dozens', '.', '"dozens" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  ['some', '.', '"some" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  ['1.2.3', '.', '"1.2.3" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  ['-5', '.', '"-5" is negative: a figure is 0 or more'],
  ['−5', '.', '"−5" is negative: a figure is 0 or more'],
  ['12abc', '.', '"12abc" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  ['40 killed', '.', '"40 killed" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  // The decimal mark decides: "1.200" has a decimal part with ".", and is 1,200 with ","; a decimal part
  // needs a multiplier, even one of zeros ("2.000" is never read as two).
  ['1.200', '.', '"1.200" has a decimal part: a figure is a whole number unless it has a multiplier ("k", "million"); if "." separates thousands in this file, set the recipe\'s decimal mark to ","'],
  ['1,200', ',', '"1,200" has a decimal part: a figure is a whole number unless it has a multiplier ("k", "million"); if "," separates thousands in this file, set the recipe\'s decimal mark to "."'],
  ['1.5', '.', '"1.5" has a decimal part: a figure is a whole number unless it has a multiplier ("k", "million"); if "." separates thousands in this file, set the recipe\'s decimal mark to ","'],
  ['2.000', '.', '"2.000" has a decimal part: a figure is a whole number unless it has a multiplier ("k", "million"); if "." separates thousands in this file, set the recipe\'s decimal mark to ","'],
  ['12.0', '.', '"12.0" has a decimal part: a figure is a whole number unless it has a multiplier ("k", "million"); if "." separates thousands in this file, set the recipe\'s decimal mark to ","'],
  ['12,0', ',', '"12,0" has a decimal part: a figure is a whole number unless it has a multiplier ("k", "million"); if "," separates thousands in this file, set the recipe\'s decimal mark to "."'],
  ['13,000', ',', '"13,000" has a decimal part: a figure is a whole number unless it has a multiplier ("k", "million"); if "," separates thousands in this file, set the recipe\'s decimal mark to "."'],
  ['1.2345k', '.', '"1.2345k" is not a whole number'],
  // A thousands group has three digits.
  ['1,20', '.', '"1,20" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  ['13,000 000', '.', '"13,000 000" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  ['about more than 40', '.', '"about more than 40" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  ['more than 40+', '.', '"more than 40+" has two qualifiers: keep one'],
  ['20–10', '.', '"20–10": the range\'s low end is above its high end'],
  ['at least 10–20', '.', '"at least 10–20": a range cannot also be "at least"'],
  ['up to 10–20', '.', '"up to 10–20": a range cannot also be "at most"'],
  ['60 (30–50)', '.', '"60 (30–50)": the value is outside its range'],
  ['1–2–3', '.', '"1–2–3" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  ['99999999999999999', '.', '"99999999999999999" is too large'],
  ['=1+1', '.', '"=1+1" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
  ['overall 40', '.', '"overall 40" is not a figure: write a number, optionally with words such as "about", "at least" or "up to", or a range such as "189,500–223,000"'],
];

describe('parseFigureText refuses', () => {
  test.each(REFUSED)('%j (decimal mark %s)', (text, mark, message) => {
    expect(parseFigureText(text, mark)).toEqual({ ok: false, message });
  });
});

test('the decimal mark defaults to "."', () => {
  expect(parseFigureText('1,200')).toEqual({ ok: true, figure: exact(1200) });
});
