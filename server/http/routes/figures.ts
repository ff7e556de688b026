// The derived figures: series, counted events, comparison, disagreements. Computed once per data
// version and query (keyed by the validated query), inside one read transaction, so a commit by another
// process (the import script) cannot land between two reads of one computation.
import type { z } from 'zod';
import { CompareQuery, DisagreementQuery, EventsQuery, SeriesQuery } from '../../domain/queries';
import { computeSeries } from '../../figures/series';
import { computeCompare } from '../../figures/compare';
import type { GuardedRouter } from '../access';
import { parseQuery } from '../request';
import type { RouteContext } from './context';

export function figureRoutes(r: GuardedRouter, { store, answers }: RouteContext): void {
  const figureRoute = <S extends z.ZodType>(name: string, schema: S, compute: (q: z.output<S>) => unknown) => {
    r.get(`/${name}`, (req, res) => {
      const q = parseQuery(schema, req);
      res.type('application/json').send(store.transaction(() => answers.json(`${name}?${JSON.stringify(q)}`, () => compute(q))));
    });
  };

  figureRoute('series', SeriesQuery, ({ party, metric, ...opts }) => computeSeries(store.figureSource(party, metric), opts));
  figureRoute('events', EventsQuery, ({ party, metric, limit, offset, ...opts }) => store.eventsPage(party, metric, opts, { limit, offset }));
  figureRoute('compare', CompareQuery, ({ party, metric, ...opts }) => computeCompare(store.figureSource(party, metric), opts));
  figureRoute('disagreements', DisagreementQuery, ({ party, metric, limit, offset, groups_limit, groups_offset, ...opts }) =>
    store.disagreements(party, metric, opts, { limit, offset, groups_limit, groups_offset }));
}
