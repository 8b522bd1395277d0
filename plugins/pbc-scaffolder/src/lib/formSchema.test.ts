import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { pbcSpecFormSchema } from './formSchema';

const template = yaml.parse(
  readFileSync(
    path.resolve(__dirname, '../../../../templates/pbc/template.yaml'),
    'utf8',
  ),
);

/** The form's rules for one field, without what is presentation (titles, widgets, order). */
function rulesOf(property: Record<string, any>): Record<string, unknown> {
  const {
    title: _title,
    description: _description,
    default: _default,
    enumNames: _enumNames,
    ...rest
  } = property;
  const rules: Record<string, unknown> = Object.fromEntries(
    Object.entries(rest).filter(([key]) => !key.startsWith('ui:')),
  );
  if (Array.isArray(rules.enum)) {
    rules.enum = [...rules.enum].sort();
  }
  return rules;
}

describe('pbcSpecFormSchema', () => {
  const pages: Array<{ required?: string[]; properties: Record<string, any> }> =
    template.spec.parameters;
  const expected = pbcSpecFormSchema();

  it.each(Object.keys(expected.properties))(
    'is what templates/pbc/template.yaml asks of %s',
    field => {
      const property = pages.find(page => field in page.properties)?.properties[
        field
      ];
      expect(property).toBeDefined();
      expect(rulesOf(property)).toEqual(
        rulesOf(expected.properties[field as keyof typeof expected.properties]),
      );
    },
  );

  it('requires in the form exactly the fields the spec requires', () => {
    const required = pages
      .flatMap(page => page.required ?? [])
      .filter(field => field in expected.properties);
    expect(required.sort()).toEqual([...expected.required].sort());
  });
});
