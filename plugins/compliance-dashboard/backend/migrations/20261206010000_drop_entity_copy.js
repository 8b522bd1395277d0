// @ts-check

// Snapshot rows no longer keep a copy of the catalog entity: a conditional
// read decision is applied by the catalog to the entity as it is now (per
// entity ref), and the row already holds what the page shows (title, owner,
// system, annotations read). Scores, results and history stay.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pbc_results', table => {
    table.dropColumn('entity_json');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // The copies are gone: rows written before the downgrade hold '{}' until
  // the next refresh writes the entity again.
  await knex.schema.alterTable('pbc_results', table => {
    table.text('entity_json').notNullable().defaultTo('{}');
  });
};
