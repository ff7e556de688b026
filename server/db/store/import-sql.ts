// The SQL of an import over its staging table (decision 0008): which staged rows are rejected, which
// insert, update or change nothing, and the set-based writes of the bulk path.
import { REPORT_INPUT_FIELDS, type ReportInputField } from '../../domain/report';
import { COLUMNS } from './rows';
import { authorOf, whoOf, type Author } from './reports';
import { suspendSchema, type StoreContext } from './statements';

/** A staged row that cannot be stored, as the import answers it. */
export interface StagedReject { line: number; fields: Record<string, string[]> }
export interface Classified { inserted: number; updated: number; unchanged: number; rejected: StagedReject[] }

const same = (a: string, b: string, fields: readonly string[]) => fields.map((f) => `${a}.${f} IS ${b}.${f}`).join(' AND ');
// The identical-report look-up walks the live reports of one party, metric and date.
const IDENTICAL_LEAD = ['party', 'metric', 'date'] as const;
const IDENTICAL_REST = REPORT_INPUT_FIELDS.filter((f) => !(IDENTICAL_LEAD as readonly string[]).includes(f));

/** The triggers that fire on writes to reports or to the event summaries: the bulk path drops them and
 *  does their work set by set, then creates them again from their own text. */
const TRIGGER_TABLES = ['reports', 'figure_events', 'figure_source_events'];

export function importSql({ db, prepared }: StoreContext) {
  return {
    /**
     * Decides each staged row: a row with an id updates that live report when it differs and is
     * unchanged otherwise (an id given twice, or unknown here, is rejected); a row without one matches
     * on the key fields when there are any (one live report: update or unchanged; none: insert; several,
     * or a key given twice in the file: rejected), else is unchanged when a live report equal in every
     * field existed before the import, and inserted otherwise. Only reports with ids up to `maxIdBefore`
     * are matched: two equal rows of one file are two reports.
     */
    classify(table: string, maxIdBefore: number, keyFields: readonly ReportInputField[] = []): Classified {
      const t = `temp.${table}`;
      const rejected: StagedReject[] = [];
      // The checks below look staged rows up by the id they name (a file exported from here names them all).
      db.exec(`CREATE INDEX IF NOT EXISTS temp.${table}_id ON ${table} (id)`);
      if (keyFields.length > 0) {
        const keys = keyFields.join(', ');
        const keyed = (a: string) => keyFields.map((f) => `${a}.${f} IS s.${f}`).join(' AND ');
        const keyText = (row: Record<string, unknown>) => keyFields.map((f) => `${f} ${JSON.stringify(row[f] ?? null)}`).join(', ');
        // The first report of a key given twice keeps it. Rows are told apart by rowid (their place in
        // the file): a recipe makes several reports of one line.
        for (const row of prepared(`SELECT line, ${keys}, first FROM (SELECT line, ${keys}, rowid AS seq, min(rowid) OVER w AS first_seq,
            first_value(line) OVER (w ORDER BY rowid) AS first FROM ${t} WHERE id IS NULL WINDOW w AS (PARTITION BY ${keys}))
            WHERE seq <> first_seq`).all() as (Record<string, unknown> & { line: number; first: number })[]) {
          rejected.push({ line: row.line, fields: { key: [`${keyText(row)} comes twice in this file (also on line ${row.first})`] } });
        }
        // The live reports' keys, indexed for this import (no index of reports leads with a recipe's key).
        db.exec(`DROP TABLE IF EXISTS temp.key_live; CREATE TEMP TABLE key_live AS SELECT id, ${keys} FROM reports WHERE deleted = 0 AND id <= ${Number(maxIdBefore)};
          CREATE INDEX temp.key_live_keys ON key_live (${keys});`);
        const matches = `(SELECT count(*) FROM temp.key_live AS k WHERE ${keyed('k')})`;
        prepared(`UPDATE ${t} AS s SET id = (SELECT k.id FROM temp.key_live AS k WHERE ${keyed('k')}), action = 'key'
          WHERE s.id IS NULL AND ${matches} = 1`).run();
        for (const row of prepared(`SELECT s.line, ${keyFields.map((f) => `s.${f}`).join(', ')}, ${matches} AS n
            FROM ${t} AS s WHERE s.id IS NULL AND n > 1`).all() as (Record<string, unknown> & { line: number; n: number })[]) {
          rejected.push({ line: row.line, fields: { key: [`${keyText(row)} matches ${row.n} reports here: make the key fields tell them apart`] } });
        }
        db.exec('DROP TABLE temp.key_live');
      }
      // Ids given in the file: twice, or unknown here.
      for (const row of prepared(`SELECT line, first FROM (SELECT line, rowid AS seq, min(rowid) OVER (PARTITION BY id) AS first_seq,
          first_value(line) OVER (PARTITION BY id ORDER BY rowid) AS first FROM ${t}
          WHERE id IS NOT NULL AND action IS NULL) WHERE seq <> first_seq`).all() as { line: number; first: number }[]) {
        rejected.push({ line: row.line, fields: { id: [`appears twice in this file (also on line ${row.first})`] } });
      }
      for (const row of prepared(`SELECT line FROM ${t} AS s WHERE s.id IS NOT NULL AND s.action IS NULL
          AND s.rowid = (SELECT min(rowid) FROM ${t} AS o WHERE o.id = s.id)
          AND NOT EXISTS (SELECT 1 FROM reports AS r WHERE r.id = s.id AND r.deleted = 0 AND r.id <= ?)`).all(maxIdBefore) as { line: number }[]) {
        rejected.push({ line: row.line, fields: { id: ['no live report has this id here: blank the column, or import with ?ids=ignore to add the row as new'] } });
      }
      prepared(`UPDATE ${t} AS s SET action = iif(EXISTS (SELECT 1 FROM reports AS r WHERE r.id = s.id AND ${same('r', 's', REPORT_INPUT_FIELDS)}), 'unchanged', 'update')
        WHERE s.id IS NOT NULL AND EXISTS (SELECT 1 FROM reports AS r WHERE r.id = s.id AND r.deleted = 0 AND r.id <= ?)
          AND s.rowid = (SELECT min(rowid) FROM ${t} AS o WHERE o.id = s.id AND (o.action IS NULL OR o.action = 'key'))`).run(maxIdBefore);
      // Rows without an id were staged as inserts: only those equal to a stored report are rewritten.
      prepared(`UPDATE ${t} AS s SET action = 'unchanged' WHERE s.id IS NULL AND s.action = 'insert' AND EXISTS (SELECT 1 FROM reports AS r
          INDEXED BY reports_party_metric_date WHERE r.deleted = 0 AND ${same('r', 's', IDENTICAL_LEAD)} AND r.id <= ? AND ${same('r', 's', IDENTICAL_REST)})`).run(maxIdBefore);
      const counts = Object.fromEntries(prepared(`SELECT action, count(*) FROM ${t} WHERE action IN ('insert', 'update', 'unchanged') GROUP BY action`)
        .raw(true).all() as [string, number][]);
      return { inserted: counts.insert ?? 0, updated: counts.update ?? 0, unchanged: counts.unchanged ?? 0, rejected };
    },

    /** The staged rows to insert, in chunks of at most `size` in file order: each chunk's first and last
     *  staged row (rowid) and how many rows it holds, found as they are asked for (one window function
     *  over all the rows held 178 MB at a million). */
    *insertChunks(table: string, size: number): Generator<{ from: number; to: number; rows: number }> {
      const next = prepared(`SELECT min(rowid) AS "from", max(rowid) AS "to", count(*) AS rows FROM
          (SELECT rowid FROM temp.${table} WHERE action = 'insert' AND rowid > ? ORDER BY rowid LIMIT ?)`);
      for (let after = 0; ;) {
        const chunk = next.get(after, size) as { from: number | null; to: number; rows: number };
        if (chunk.rows === 0) return;
        yield chunk as { from: number; to: number; rows: number };
        after = chunk.to;
      }
    },

    /** Drops the triggers on reports and on the event summaries; the function returned creates them
     *  again, from their own text, in their order. */
    suspendTriggers: (): (() => void) => suspendSchema(db, 'trigger', TRIGGER_TABLES),

    /** Drops the secondary indexes of reports; the function returned creates them again, from their own
     *  text. Building an index once over many new rows is far quicker than growing it row by row. */
    suspendIndexes: (): (() => void) => suspendSchema(db, 'index', ['reports']),
    /** The same for the secondary indexes of the event and decrease summaries. */
    suspendSummaryIndexes: (): (() => void) => suspendSchema(db, 'index', ['figure_events', 'figure_source_events', 'figure_decreases']),

    /** The touched party and metric pairs (new values, and the old ones of updated reports) into
     *  temp.summary_scope; the updated reports' old text into temp.import_old, for the search index. */
    noteTouched(table: string, scopeTable: string): void {
      db.exec(`${scopeTable};
        DELETE FROM temp.summary_scope;
        DROP TABLE IF EXISTS temp.import_old;
        CREATE TEMP TABLE import_old AS SELECT r.id, r.source, r.via, r.party, r.metric, r.location, r.event, r.quote, r.notes, r.deleted,
          r.kind, r.period_start
          FROM reports AS r JOIN temp.${table} AS s ON s.id = r.id AND s.action = 'update';`);
      prepared(`INSERT OR IGNORE INTO temp.summary_scope SELECT party, metric FROM temp.${table} WHERE action IN ('insert', 'update')
        UNION SELECT party, metric FROM temp.import_old`).run();
    },

    /** Marks for the compared pairs' upkeep the series groups the updated tallies were in before the
     *  import (temp.import_old): the summaries' rebuild marks only the groups with tallies after it. */
    markLeftPairGroups(): void {
      db.exec(`INSERT INTO figure_pairs_dirty (party, metric, period_start)
        SELECT DISTINCT party, metric, period_start FROM temp.import_old WHERE kind = 'tally' AND deleted = 0`);
    },

    /** Inserts the staged rows to insert, staged rows (`seq`) from … to, in file order (ids follow it). */
    insertRows(table: string, at: string, fromSeq: number, toSeq: number): number {
      return prepared(`INSERT INTO reports (${REPORT_INPUT_FIELDS.join(', ')}, created_at, updated_at, revision)
        SELECT ${REPORT_INPUT_FIELDS.join(', ')}, ?, ?, 1 FROM temp.${table} WHERE action = 'insert' AND rowid BETWEEN ? AND ? ORDER BY rowid`)
        .run(at, at, fromSeq, toSeq).changes;
    },

    updateRows(table: string, at: string): number {
      return prepared(`UPDATE reports SET ${REPORT_INPUT_FIELDS.map((f) => `${f} = s.${f}`).join(', ')}, updated_at = ?, revision = revision + 1
        FROM temp.${table} AS s WHERE reports.id = s.id AND s.action = 'update'`).run(at).changes;
    },

    /** One revision per stored change, the whole report as stored (as the per-row path writes it). */
    writeRevisions(table: string, maxIdBefore: number, who: Author | string, at: string): void {
      const snapshot = `json_object(${COLUMNS.map((c) => `'${c}', r.${c}`).join(', ')})`;
      const by = authorOf(who);
      const account = by.actor === 'account' ? by : undefined;
      prepared(`INSERT INTO revisions (report_id, revision, action, who, at, snapshot, actor, account_id, account_name)
        SELECT r.id, r.revision, iif(r.id > ?, 'create', 'update'), ?, ?, ${snapshot}, ?, ?, ? FROM reports AS r
        WHERE r.id > ? OR r.id IN (SELECT id FROM temp.${table} WHERE action = 'update') ORDER BY r.id`)
        .run(maxIdBefore, whoOf(by), at, by.actor, account?.id ?? null, account?.name ?? null, maxIdBefore);
    },

    /** The search index of the new reports and of the updated ones (old entries out, new in). */
    indexText(maxIdBefore: number): void {
      const cols = 'source, via, party, location, event, quote, notes';
      prepared(`INSERT INTO reports_fts (reports_fts, rowid, ${cols}) SELECT 'delete', id, ${cols} FROM temp.import_old`).run();
      prepared(`INSERT INTO reports_fts (rowid, ${cols}) SELECT id, ${cols} FROM reports
        WHERE id > ? OR id IN (SELECT id FROM temp.import_old)`).run(maxIdBefore);
    },

    /** The facet counts moved by what the import wrote: one more for each new or updated report's names,
     *  one less for each updated report's old ones (as the facet triggers would have moved them). */
    moveFacets(table: string): void {
      const FACETS = [['party', 'party'], ['source', 'source'], ['location', 'location'], ['party_metric', 'party || char(31) || metric']] as const;
      const move = (rows: string, sign: 1 | -1) => {
        for (const [facet, expr] of FACETS) {
          prepared(`INSERT INTO facet_counts (facet, name, reports) SELECT '${facet}', name, ${sign} * count(*) FROM
              (SELECT ${expr} AS name FROM ${rows}) WHERE name IS NOT NULL GROUP BY name
            ON CONFLICT (facet, name) DO UPDATE SET reports = reports + excluded.reports`).run();
        }
      };
      move(`temp.${table} WHERE action IN ('insert', 'update')`, 1);
      move('temp.import_old WHERE deleted = 0', -1);
      prepared('DELETE FROM facet_counts WHERE reports <= 0').run();
    },

    /** One move of the change counter for the whole import. */
    bumpVersion(): void {
      prepared('UPDATE data_version SET version = version + 1 WHERE id = 1').run();
    },

  };
}
