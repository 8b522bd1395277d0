// @ts-check

// What the notifier has told the owners, so that a change is announced once
// (not on every refresh, not again after a restart).

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('notification_pbc_state', table => {
    table.text('entity_ref').primary();
    // {"<control id>": {"severity": "...", "since": "<iso>" | null}} of the
    // controls failing when the PBC was last compared.
    table.text('failing_json').notNullable();
    // The score a drop is measured from (the last announced low, or the
    // highest since).
    table.integer('reference_score').nullable();
    // Critical events stored up to this time were told for this PBC (set
    // when it had some; notification_progress.events_until covers the rest).
    table.string('events_until', 30).notNullable();
    table.string('updated_at', 30).notNullable();
  });
  await knex.schema.createTable('notification_progress', table => {
    table.integer('id').primary();
    table.integer('snapshot_id').notNullable();
    // Critical events stored up to this time were looked at for every PBC.
    table.string('events_until', 30).notNullable();
    table.string('updated_at', 30).notNullable();
  });
  // The notifier asks for critical events stored since its last look.
  await knex.schema.alterTable('cloudtrail_events', table => {
    table.index(['created_at'], 'cloudtrail_events_created_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cloudtrail_events', table => {
    table.dropIndex(['created_at'], 'cloudtrail_events_created_idx');
  });
  await knex.schema.dropTable('notification_progress');
  await knex.schema.dropTable('notification_pbc_state');
};
