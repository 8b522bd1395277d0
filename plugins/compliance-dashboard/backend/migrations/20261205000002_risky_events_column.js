// @ts-check

// The count's window is `complianceDashboard.riskyEventDays` (the same as the
// detail's), not a fixed 7 days: the column says so.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pbc_results', table => {
    table.renameColumn('risky_events_7d', 'risky_events');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pbc_results', table => {
    table.renameColumn('risky_events', 'risky_events_7d');
  });
};
