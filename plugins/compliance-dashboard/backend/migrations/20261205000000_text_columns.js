// @ts-check

// Columns that hold text from the catalog (titles, refs, annotations) or
// from AWS (rule names, event names, source addresses) become `text`: the
// catalog and AWS allow longer values than the first migration's
// varchar(255), and PostgreSQL refused the whole snapshot over one of them,
// which froze every refresh. SQLite never enforced declared lengths, so it
// keeps its schema.

/** table → column → the original varchar length (for `down`). */
const COLUMNS = {
  pbc_results: {
    entity_ref: 255,
    name: 255,
    title: 255,
    pbc: 64,
    owner: 255,
    system: 255,
    conformance_pack: 255,
  },
  noncompliant_resources: {
    entity_ref: 255,
    resource_type: 128,
    config_rule_name: 255,
    control_ids: 255,
  },
  cloudtrail_events: { event_name: 128, event_source: 128, source_ip: 64 },
  event_pbcs: { entity_ref: 255 },
  score_history: { entity_ref: 255 },
};

/** @param {import('knex').Knex} knex */
function isPostgres(knex) {
  return ['pg', 'postgres', 'postgresql'].includes(
    String(knex.client.config.client),
  );
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (!isPostgres(knex)) return;
  for (const [table, columns] of Object.entries(COLUMNS)) {
    for (const column of Object.keys(columns)) {
      await knex.raw('ALTER TABLE ?? ALTER COLUMN ?? TYPE text', [
        table,
        column,
      ]);
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (!isPostgres(knex)) return;
  for (const [table, columns] of Object.entries(COLUMNS)) {
    for (const [column, length] of Object.entries(columns)) {
      // Longer values are cut: the old schema cannot hold them.
      await knex.raw(
        `ALTER TABLE ?? ALTER COLUMN ?? TYPE varchar(${length}) USING left(??, ${length})`,
        [table, column, column],
      );
    }
  }
};
