// A figure on the page with the days it covers: its number (as the source stated it where the tally
// is at hand) opening the tallies it was taken from, then the span in words. `data-from`/`data-to`
// carry the days the API gave, which the browser tests check the words against.
import { h, reportButton } from './dom';
import { formatFigure, formatNumber } from './format';
import { openIds } from './open-reports';
import { figuresById } from './view-state';
import type { FigurePhrase } from './wording';

/** A tally's figure as stated ("about 40") when it is the one shown; else the API's number. */
export function statedFigure(p: FigurePhrase): string {
  const r = p.ids.length === 1 ? figuresById.get(p.ids[0]!) : undefined;
  return r && (r.value === p.value || (r.value === null && r.low === p.value)) ? formatFigure(r) : formatNumber(p.value);
}

export function phraseElement(p: FigurePhrase, withWords = true): HTMLElement {
  const text = statedFigure(p);
  const figure = p.ids.length
    ? reportButton(text, p.ids, openIds, p.ids.length > 1 ? `Open the tallies it is taken from: ${p.ids.map((i) => `#${i}`).join(' and ')}` : undefined)
    : text;
  return h('span', { class: 'figure-phrase', 'data-from': p.from ?? '', 'data-to': p.to ?? '', 'data-ids': p.ids.join(',') },
    figure, withWords && p.words ? ` ${p.words}` : '');
}
