// An Atom 1.0 feed (RFC 4287) of reports: each entry a sentence ("AFP: 61 Ukrainian forces killed from
// 1 Jan 2021, as of 2 Dec 2021") with its quote, source link and permalink. Every text is escaped by
// markup.ts; the HTML content is escaped once as HTML and again as XML.
import type { Report } from '../domain/report';
import { reportSentence } from '../domain/wording';
import { escapeMarkup, html } from './markup';

export interface FeedInput {
  /** This server's address, e.g. `http://127.0.0.1:3000` (no trailing slash). */
  base: string;
  /** The feed's own address, with its query, and the dashboard view it follows. */
  self: string;
  view: string;
  /** The view in words ("Ukrainian forces · killed"), or null for every report. */
  viewName: string | null;
  reports: readonly Report[];
}

/** A report's permanent address: the dashboard on its view, with the report shown. */
export const permalink = (base: string, id: number) => `${base}/?report=${id}`;

const EPOCH = '1970-01-01T00:00:00.000Z';

function entry(base: string, r: Report): string {
  const link = permalink(base, r.id);
  const sentence = reportSentence(r);
  const source = r.via ? `${r.source}, via ${r.via}` : r.source;
  // The content is HTML; it is written as text of an XML element, so escaped once more below.
  const content = html`<p>${sentence}</p>${r.quote ? html`<blockquote><p>${r.quote}</p></blockquote>` : ''}<p>Source: ${source}${r.url ? html` — <a href="${r.url}">${r.url}</a>` : ''}</p>${r.notes ? html`<p>Notes: ${r.notes}</p>` : ''}<p><a href="${link}">Report #${r.id} in conflict-tally</a> (revision ${r.revision})</p>`;
  return [
    '<entry>',
    `<id>${escapeMarkup(link)}</id>`,
    `<title type="text">${escapeMarkup(sentence)}</title>`,
    `<updated>${escapeMarkup(r.updated_at)}</updated>`,
    `<published>${escapeMarkup(r.created_at)}</published>`,
    `<link rel="alternate" type="text/html" href="${escapeMarkup(link)}"/>`,
    r.url ? `<link rel="related" href="${escapeMarkup(r.url)}"/>` : '',
    `<category term="${escapeMarkup(r.party)}" label="party"/>`,
    `<category term="${escapeMarkup(r.metric)}" label="metric"/>`,
    `<summary type="text">${escapeMarkup(r.quote ?? sentence)}</summary>`,
    `<content type="html">${escapeMarkup(content.html)}</content>`,
    '</entry>',
  ].filter((l) => l !== '').join('\n');
}

export function atomFeed(f: FeedInput): string {
  const updated = f.reports.reduce((latest, r) => (r.updated_at > latest ? r.updated_at : latest), EPOCH);
  const title = f.viewName ? `conflict-tally: ${f.viewName}` : 'conflict-tally: every report';
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${escapeMarkup(f.self)}</id>`,
    `<title type="text">${escapeMarkup(title)}</title>`,
    `<subtitle type="text">${escapeMarkup('The latest new and corrected reports: what each source claims, as published.')}</subtitle>`,
    `<updated>${updated}</updated>`,
    '<author><name>conflict-tally</name></author>',
    `<link rel="self" type="application/atom+xml" href="${escapeMarkup(f.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeMarkup(f.view)}"/>`,
    '<generator>conflict-tally</generator>',
    ...f.reports.map((r) => entry(f.base, r)),
    '</feed>',
    '',
  ].join('\n');
}
