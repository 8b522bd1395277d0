// @ts-check

// Exemptions of a control for a PBC, and the append-only log of every step
// (who, when, why). Times are ISO 8601 strings in UTC, compared as text, the
// same on SQLite and PostgreSQL.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('exemptions', table => {
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('control_id', 64).notNullable();
    // JSON array of resource ids; null: the whole control.
    table.text('resource_ids').nullable();
    table.text('reason').notNullable();
    table.string('requested_by', 255).notNullable();
    table.string('requested_at', 30).notNullable();
    table.string('expires_at', 30).notNullable();
    table.string('state', 16).notNullable();
    table.string('decided_by', 255).nullable();
    table.string('decided_at', 30).nullable();
    table.text('decision_comment').nullable();
    table.string('revoked_by', 255).nullable();
    table.string('revoked_at', 30).nullable();
    table.text('revoke_comment').nullable();
    // Set once the sweep has announced that the end is near (once per exemption).
    table.string('expiring_soon_at', 30).nullable();
    table.index(['entity_ref', 'state'], 'exemptions_entity_state_idx');
    table.index(['state', 'expires_at'], 'exemptions_state_expiry_idx');
  });
  await knex.schema.createTable('exemption_events', table => {
    table.bigIncrements('id').primary();
    table
      .string('exemption_id', 36)
      .notNullable()
      .references('id')
      .inTable('exemptions');
    table.string('type', 16).notNullable();
    table.string('actor', 255).notNullable();
    table.string('at', 30).notNullable();
    table.text('comment').nullable();
    table.index(['exemption_id'], 'exemption_events_exemption_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('exemption_events');
  await knex.schema.dropTable('exemptions');
};
