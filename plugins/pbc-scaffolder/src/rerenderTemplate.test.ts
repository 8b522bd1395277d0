/** The contract of templates/rerender/template.yaml: one PBC picked, the rerender action's declared outputs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { fakeToolkit } from './__testUtils__/fakeToolkit';
import { createInfrastructureRerenderAction } from './actions';

const template = yaml.parse(
  readFileSync(
    path.resolve(__dirname, '../../../templates/rerender/template.yaml'),
    'utf8',
  ),
);

describe('templates/rerender/template.yaml', () => {
  const action = createInfrastructureRerenderAction({
    toolkit: fakeToolkit(),
    settings: {
      enabled: true,
      directory: '/nonexistent',
      defaultBranch: 'main',
      author: { name: 'a', email: 'a@example.com' },
    },
  });

  it('takes one PBC entity and passes its name to pbc:infrastructure:rerender', () => {
    const [page] = template.spec.parameters;
    expect(page.required).toEqual(['entity']);
    expect(page.properties.entity['ui:options'].catalogFilter).toEqual({
      kind: 'Component',
      'metadata.annotations.pbc-portal.io/pbc': { exists: true },
    });
    expect(template.spec.steps).toEqual([
      expect.objectContaining({
        id: 'rerender',
        action: action.id,
        input: {
          name: "${{ parameters.entity | parseEntityRef | pick('name') }}",
        },
      }),
    ]);
  });

  it('shows only outputs the action declares', () => {
    const declared = Object.keys(
      (action.schema?.output as any).properties ?? {},
    );
    const used = [
      ...JSON.stringify(template.spec.output).matchAll(
        /steps\.rerender\.output\.(\w+)/g,
      ),
    ].map(match => match[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const output of used) {
      expect(declared).toContain(output);
    }
  });
});
