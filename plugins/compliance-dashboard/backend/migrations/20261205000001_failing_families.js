// @ts-check

// The family of each failing control, stored with the snapshot (in the order
// of failing_control_ids) so that the heatmap counts do not depend on the
// controls catalog of the day: a retired control keeps its family. Null on
// rows written before; the read side then looks the ids up.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pbc_results', table => {
    table.text('failing_families').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pbc_results', table => {
    table.dropColumn('failing_families');
  });
};
