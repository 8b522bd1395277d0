// @ts-check

// The controls' text (title, remediation, guidance…) once per snapshot and
// control instead of in every PBC's controls_json: at 5,000 PBCs the copies
// were about 130 MB of JSON per snapshot written. Rows written before keep
// their text inline and are read as they are.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('snapshot_control_text', table => {
    table.integer('snapshot_id').notNullable();
    table.text('control_id').notNullable();
    table.text('text_json').notNullable();
    table.primary(['snapshot_id', 'control_id']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Back to the text in every row.
  const texts = new Map();
  for (const r of await knex('snapshot_control_text').select()) {
    texts.set(`${r.snapshot_id}/${r.control_id}`, JSON.parse(r.text_json));
  }
  if (texts.size > 0) {
    const rows = await knex('pbc_results').select(
      'snapshot_id',
      'entity_ref',
      'controls_json',
    );
    for (const row of rows) {
      if (!row.controls_json) continue;
      const controls = JSON.parse(row.controls_json).map(
        (/** @type {any} */ c) =>
          c.title === undefined
            ? { ...c, ...texts.get(`${row.snapshot_id}/${c.id}`) }
            : c,
      );
      await knex('pbc_results')
        .where({ snapshot_id: row.snapshot_id, entity_ref: row.entity_ref })
        .update({ controls_json: JSON.stringify(controls) });
    }
  }
  await knex.schema.dropTable('snapshot_control_text');
};
