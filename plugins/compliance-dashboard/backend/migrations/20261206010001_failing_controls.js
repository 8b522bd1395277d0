// @ts-check

// A row's failing controls were two parallel lists (failing_control_ids and
// failing_families); they become one: failing_controls, a JSON array of
// { id, family } (family absent on rows written before families were kept,
// which the read side then looks up in the catalog).

/** @param {unknown} value */
const list = value =>
  String(value ?? '')
    .split(',')
    .filter(Boolean);

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pbc_results', table => {
    table.text('failing_controls').notNullable().defaultTo('[]');
  });
  const rows = await knex('pbc_results')
    .whereNot('failing_control_ids', '')
    .select(
      'snapshot_id',
      'entity_ref',
      'failing_control_ids',
      'failing_families',
    );
  for (const row of rows) {
    const families =
      row.failing_families === null ? undefined : list(row.failing_families);
    const failing = list(row.failing_control_ids).map((id, i) =>
      families?.[i] ? { id, family: families[i] } : { id },
    );
    await knex('pbc_results')
      .where({ snapshot_id: row.snapshot_id, entity_ref: row.entity_ref })
      .update({ failing_controls: JSON.stringify(failing) });
  }
  await knex.schema.alterTable('pbc_results', table => {
    table.dropColumn('failing_control_ids');
    table.dropColumn('failing_families');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pbc_results', table => {
    table.text('failing_control_ids').notNullable().defaultTo('');
    table.text('failing_families').nullable();
  });
  const rows = await knex('pbc_results').select(
    'snapshot_id',
    'entity_ref',
    'failing_controls',
  );
  for (const row of rows) {
    /** @type {Array<{ id: string, family?: string }>} */
    const failing = JSON.parse(row.failing_controls);
    await knex('pbc_results')
      .where({ snapshot_id: row.snapshot_id, entity_ref: row.entity_ref })
      .update({
        failing_control_ids: failing.map(c => c.id).join(','),
        failing_families: failing.every(c => c.family)
          ? failing.map(c => c.family).join(',')
          : null,
      });
  }
  await knex.schema.alterTable('pbc_results', table => {
    table.dropColumn('failing_controls');
  });
};
