// @ts-check

// What the change-driven readers read, kept between refreshes so that a
// restarted process or another replica continues from it instead of reading
// every account in full. Written in the snapshot's transaction.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('reader_state', table => {
    // `accounts/<account>/<region>` or `aggregator/<account>/<region>/<name>`.
    table.text('scope').primary();
    // The snapshot it was committed with: a process whose copy carries
    // another version reloads it.
    table.integer('version').notNullable();
    // The reader's own encoding (compressed); the store does not read it.
    table.binary('data').notNullable();
    table.string('updated_at', 30).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('reader_state');
};
