// Every hot query is served by an index: checked with EXPLAIN QUERY PLAN on the store's own SQL.
import { createStore, type ReportFilter } from '../server/db/store';
import { testApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(() => { t = testApp(); });
afterAll(() => t.close());

test.each([
  [{}, 'date', /^SCAN reports USING INDEX reports_date$/],
  [{ party: 'P', metric: 'killed' as const }, 'date', /^SEARCH reports USING INDEX reports_party_metric_date \(party=\? AND metric=\?\)$/],
  [{ party: 'P', metric: 'killed' as const }, '-date', /^SEARCH reports USING INDEX reports_party_metric_date \(party=\? AND metric=\?\)$/],
  [{ kind: 'tally' as const }, 'date', /^SEARCH reports USING INDEX reports_kind_date \(kind=\?\)$/],
  [{ source: ['A', 'B'] }, 'date', /^SEARCH reports USING (COVERING )?INDEX reports_source \(source=\?\)/],
  [{ from: '2021-01-01', to: '2021-12-31' }, 'date', /^SEARCH reports USING INDEX reports_date \(date>\? AND date<\?\)$/],
  [{ q: 'київ' }, 'date', /SCAN reports_fts VIRTUAL TABLE INDEX 0:M/],
  [{ deleted: 'only' as const }, 'date', /^SCAN reports USING INDEX reports_deleted/],
] as const)('the list filtered by %j, sorted %s, uses an index', (filter, sort, plan) => {
  const details = createStore(t.db).planOfList(filter as ReportFilter, sort);
  expect(details.join(' | ')).toMatch(plan);
  // Never a scan of the whole table without an index (the FTS virtual table's own scan is its index).
  expect(details.join(' | ')).not.toMatch(/SCAN reports(?![_ ]fts| USING)/);
});
