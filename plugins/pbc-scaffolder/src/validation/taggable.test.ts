import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { renderInfrastructure } from '../patterns';
import { SPECS } from '../__testUtils__/specs';
import { TAGGABLE_TYPES } from './checks';

// cfn-lint and CDK synthesis are CPU-bound; on a shared two-core machine they can take long.
jest.setTimeout(120_000);

/** The resource schemas cfn-lint ships, found through the cfn-lint executable's Python. */
function cfnLintSchemas(): (type: string) => Record<string, any> | undefined {
  const executable =
    process.env.PBC_CFN_LINT ??
    (process.env.PATH ?? '')
      .split(delimiter)
      .map(dir => join(dir, 'cfn-lint'))
      .find(path => existsSync(path));
  if (!executable) {
    throw new Error(
      'cfn-lint is not on PATH (nor PBC_CFN_LINT set): it is needed for this test',
    );
  }
  const python = readFileSync(executable, 'utf8')
    .split('\n')[0]
    .replace(/^#!\s*/, '')
    .trim();
  const root = execFileSync(
    python,
    ['-c', 'import cfnlint, os; print(os.path.dirname(cfnlint.__file__))'],
    {
      encoding: 'utf8',
    },
  ).trim();
  const schemas = join(root, 'data', 'schemas');
  const index: Record<string, string> = JSON.parse(
    readFileSync(join(schemas, 'providers', 'us-east-1.json'), 'utf8'),
  );
  return type =>
    index[type]
      ? JSON.parse(
          readFileSync(
            join(schemas, 'resources', `${index[type]}.json`),
            'utf8',
          ),
        )
      : undefined;
}

describe('TAGGABLE_TYPES', () => {
  it('covers every taggable resource type the patterns render (per the CloudFormation schemas)', () => {
    const schemaOf = cfnLintSchemas();
    const types = new Set<string>();
    for (const spec of Object.values(SPECS)) {
      const resources = renderInfrastructure(spec).template.Resources as Record<
        string,
        { Type: string }
      >;
      Object.values(resources).forEach(r => types.add(r.Type));
    }
    expect(types.size).toBeGreaterThan(15);
    const taggable = [...types].filter(type => {
      const schema = schemaOf(type);
      expect({ type, known: schema !== undefined }).toEqual({
        type,
        known: true,
      });
      return (
        schema?.properties?.Tags !== undefined &&
        schema?.tagging?.taggable !== false
      );
    });
    expect(taggable).toContain('AWS::SQS::Queue');
    expect(taggable.filter(type => !TAGGABLE_TYPES.has(type))).toEqual([]);
  });
});
