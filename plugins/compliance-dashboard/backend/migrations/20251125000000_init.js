// @ts-check

// Timestamps are ISO 8601 strings in UTC (`Date#toISOString`): they compare
// correctly as strings and read back the same on SQLite and PostgreSQL.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('refreshes', table => {
    table.comment(
      'One row per refresh, queued by POST /refresh or started by the schedule',
    );
    table.string('id', 36).primary();
    table.string('trigger', 16).notNullable();
    table.string('state', 16).notNullable();
    table.string('requested_at', 30).notNullable();
    table.string('started_at', 30).nullable();
    table.string('finished_at', 30).nullable();
    table.string('heartbeat_at', 30).nullable();
    table.text('error').nullable();
    table.integer('snapshot_id').nullable();
    table.integer('pbc_count').nullable();
    table.integer('aws_calls').nullable();
    table.text('accounts_json').nullable();
    table.index(['state'], 'refreshes_state_idx');
    table.index(['requested_at'], 'refreshes_requested_at_idx');
  });

  await knex.schema.createTable('snapshots', table => {
    table.comment(
      'A completed refresh; only the row in current_snapshot is served',
    );
    table.increments('id').primary();
    table.string('refresh_id', 36).notNullable();
    table.string('created_at', 30).notNullable();
    table.boolean('partial').notNullable().defaultTo(false);
    table.integer('pbc_count').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('current_snapshot', table => {
    table.comment('The pointer flipped at the end of a successful write');
    table.integer('id').primary();
    table.integer('snapshot_id').notNullable();
    table.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('pbc_results', table => {
    table.comment('Each PBC of a snapshot with its score and control results');
    table.integer('snapshot_id').notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('kind', 64).notNullable();
    table.string('namespace', 64).notNullable();
    table.string('name', 255).notNullable();
    table.string('title', 255).nullable();
    table.string('pbc', 64).notNullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('conformance_pack', 255).notNullable();
    table.boolean('pack_deployed').notNullable().defaultTo(false);
    table.boolean('pci_scope').notNullable().defaultTo(false);
    table.integer('score').nullable();
    table.integer('failing_critical').notNullable().defaultTo(0);
    table.integer('failing_high').notNullable().defaultTo(0);
    table.integer('failing_medium').notNullable().defaultTo(0);
    table.integer('failing_low').notNullable().defaultTo(0);
    table.integer('passing_count').notNullable().defaultTo(0);
    table.integer('failing_count').notNullable().defaultTo(0);
    table.integer('insufficient_count').notNullable().defaultTo(0);
    table.integer('risky_events_7d').notNullable().defaultTo(0);
    table.text('failing_control_ids').notNullable().defaultTo('');
    table.string('data_as_of', 30).nullable();
    table.boolean('stale').notNullable().defaultTo(false);
    table.text('stale_reason').nullable();
    table.string('stale_account', 12).nullable();
    table.string('stale_region', 32).nullable();
    table.text('controls_json').notNullable();
    table.text('entity_json').notNullable();
    table.primary(['snapshot_id', 'entity_ref']);
  });

  await knex.schema.createTable('noncompliant_resources', table => {
    table.comment(
      'Resources AWS Config found non-compliant, per snapshot and PBC',
    );
    table.increments('id').primary();
    table.integer('snapshot_id').notNullable();
    table.string('entity_ref', 255).notNullable();
    table.text('resource_id').notNullable();
    table.string('resource_type', 128).notNullable();
    table.text('resource_name').nullable();
    table.text('arn').nullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('config_rule_name', 255).notNullable();
    table.string('control_ids', 255).notNullable();
    table.text('annotation').nullable();
    table.string('evaluated_at', 30).nullable();
    table.index(
      ['snapshot_id', 'entity_ref'],
      'noncompliant_snapshot_entity_idx',
    );
  });

  await knex.schema.createTable('cloudtrail_events', table => {
    table.comment('Risky CloudTrail events, deduplicated by event id');
    table.string('event_id', 64).primary();
    table.string('event_time', 30).notNullable();
    table.string('event_name', 128).notNullable();
    table.string('event_source', 128).notNullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.text('principal').nullable();
    table.string('source_ip', 64).nullable();
    table.string('severity', 16).notNullable();
    table.text('reasons_json').notNullable();
    table.text('resources_json').notNullable();
    table.string('created_at', 30).notNullable();
    table.index(['event_time'], 'cloudtrail_events_time_idx');
  });

  await knex.schema.createTable('event_pbcs', table => {
    table.comment('Which PBCs an event is attributed to');
    table.string('event_id', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('event_time', 30).notNullable();
    table.primary(['event_id', 'entity_ref']);
    table.index(['entity_ref', 'event_time'], 'event_pbcs_entity_time_idx');
  });

  await knex.schema.createTable('score_history', table => {
    table.comment('The last score of each PBC per day, for trends');
    table.string('entity_ref', 255).notNullable();
    table.string('day', 10).notNullable();
    table.integer('score').nullable();
    table.integer('snapshot_id').notNullable();
    table.primary(['entity_ref', 'day']);
    table.index(['day'], 'score_history_day_idx');
  });

  await knex.schema.createTable('watermarks', table => {
    table.comment(
      'End of the CloudTrail window last read completely, per account and Region',
    );
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('watermark', 30).notNullable();
    table.string('updated_at', 30).notNullable();
    table.primary(['account_id', 'region']);
  });

  await knex.schema.createTable('account_status', table => {
    table.comment('Outcome of the last read of each account and Region');
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('state', 16).notNullable();
    table.text('error').nullable();
    table.string('failing_since', 30).nullable();
    table.string('last_success_at', 30).nullable();
    table.string('updated_at', 30).notNullable();
    table.primary(['account_id', 'region']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of [
    'account_status',
    'watermarks',
    'score_history',
    'event_pbcs',
    'cloudtrail_events',
    'noncompliant_resources',
    'pbc_results',
    'current_snapshot',
    'snapshots',
    'refreshes',
  ]) {
    await knex.schema.dropTable(table);
  }
};
