// The derived figures: series, counted events, comparison, disagreements. Computed once per data
// version and query (keyed by the validated query), inside one read transaction, so a commit by another
// process (the import script) cannot land between two reads of one computation.
import type { Response } from 'express';
import { CompareQuery, DisagreementQuery, EventsQuery, SeriesQuery } from '../../domain/queries';
import { computeSeries } from '../../figures/series';
import { computeCompare } from '../../figures/compare';
import type { GuardedRouter } from '../access';
import { parseQuery } from '../request';
import type { RouteContext } from './context';

export function figureRoutes(r: GuardedRouter, { store, answers }: RouteContext): void {
  const sendFigures = (res: Response, route: string, query: unknown, compute: () => unknown) => {
    res.type('application/json').send(store.transaction(() => answers.json(`${route}?${JSON.stringify(query)}`, compute)));
  };

  r.get('/series', (req, res) => {
    const q = parseQuery(SeriesQuery, req);
    const { party, metric, ...opts } = q;
    sendFigures(res, 'series', q, () => computeSeries(store.figureSource(party, metric), opts));
  });

  r.get('/events', (req, res) => {
    const q = parseQuery(EventsQuery, req);
    const { party, metric, limit, offset, ...opts } = q;
    sendFigures(res, 'events', q, () => store.eventsPage(party, metric, opts, { limit, offset }));
  });

  r.get('/compare', (req, res) => {
    const q = parseQuery(CompareQuery, req);
    const { party, metric, ...opts } = q;
    sendFigures(res, 'compare', q, () => computeCompare(store.figureSource(party, metric), opts));
  });

  r.get('/disagreements', (req, res) => {
    const q = parseQuery(DisagreementQuery, req);
    const { party, metric, limit, offset, groups_limit, groups_offset, ...opts } = q;
    sendFigures(res, 'disagreements', q, () => store.disagreements(party, metric, opts, { limit, offset, groups_limit, groups_offset }));
  });
}
