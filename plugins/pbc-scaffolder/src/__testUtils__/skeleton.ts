import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createFetchTemplateAction,
  createFetchTemplateFileAction,
} from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { conformancePackName, type PbcSpec } from '@pbc-portal/pbc-domain';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describeConsumers, describePublishers } from '../lib/consumers';

const execFileAsync = promisify(execFile);
const TEMPLATE = path.resolve(
  __dirname,
  '../../../../templates/pbc/template.yaml',
);
const ROOT_MODULES = path.resolve(
  path.dirname(require.resolve('@aws-sdk/client-sqs/package.json')),
  '../..',
);

/**
 * A node_modules beside the rendered repositories with every package of the monorepo linked:
 * the generated code runs on the real AWS SDK clients it depends on (SNS, SQS, DynamoDB).
 */
export function linkNodeModules(workspace: string): void {
  const target = path.join(workspace, 'node_modules');
  fs.mkdirSync(target, { recursive: true });
  for (const name of fs.readdirSync(ROOT_MODULES)) {
    if (!name.startsWith('.')) {
      fs.symlinkSync(path.join(ROOT_MODULES, name), path.join(target, name));
    }
  }
}

/**
 * Renders the PBC template's skeleton and consumer partials for `spec` into
 * `<workspace>/<name>` with the real fetch:template actions, as the template's steps do.
 */
export async function renderSkeleton(
  workspace: string,
  spec: PbcSpec,
): Promise<string> {
  const repo = path.join(workspace, spec.name);
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const reader = mockServices.urlReader.mock();
  const templateInfo = {
    baseUrl: pathToFileURL(TEMPLATE).href,
    entityRef: 'template:default/pbc',
  };
  const consumers = describeConsumers(spec.consumes);
  await createFetchTemplateAction({ reader, integrations }).handler(
    createMockActionContext<any>({
      workspacePath: repo,
      templateInfo,
      input: {
        url: './skeleton',
        templateFileExtension: true,
        values: {
          spec,
          consumers,
          publishers: describePublishers(spec.name, spec.publishes),
          controlSummaries: [],
          stackName: `pbc-${spec.name}`,
          conformancePackName: conformancePackName(spec.name),
          templatePath: `infrastructure/pbc-${spec.name}.template.yaml`,
          cfnLintVersion: '1.2.3',
        },
      },
    }),
  );
  for (const consumer of consumers) {
    await createFetchTemplateFileAction({ reader, integrations }).handler(
      createMockActionContext<any>({
        workspacePath: repo,
        templateInfo,
        input: {
          url: './partials/consumer.ts.njk',
          targetPath: `./src/consumers/${consumer.fileName}.ts`,
          values: { name: spec.name, consumer },
        },
      }),
    );
  }
  return repo;
}

/** The repository's own build script (`tsc` into dist/). */
export async function build(repo: string): Promise<void> {
  const script = JSON.parse(
    fs.readFileSync(path.join(repo, 'package.json'), 'utf8'),
  ).scripts.build as string;
  try {
    await execFileAsync('sh', ['-c', script], {
      cwd: repo,
      env: {
        ...process.env,
        PATH: `${path.join(repo, '../node_modules/.bin')}:${path.dirname(
          process.execPath,
        )}:${process.env.PATH}`,
      },
    });
  } catch (error: any) {
    throw new Error(
      `${script} failed in ${repo}:\n${error.stdout}\n${error.stderr}`,
    );
  }
}

/** The repository's own test script: tsc, then node --test over the compiled tests. */
export async function npmTest(repo: string): Promise<string> {
  const script = JSON.parse(
    fs.readFileSync(path.join(repo, 'package.json'), 'utf8'),
  ).scripts.test as string;
  expect(script).toMatch(/^tsc && node --test /);
  try {
    const { stdout } = await execFileAsync('sh', ['-c', script], {
      cwd: repo,
      env: {
        ...process.env,
        PATH: `${path.join(repo, '../node_modules/.bin')}:${path.dirname(
          process.execPath,
        )}:${process.env.PATH}`,
      },
    });
    return stdout;
  } catch (error: any) {
    // The compiler's or the failing test's own words, not just "Command failed".
    throw new Error(
      `${script} failed in ${repo}:\n${error.stdout}\n${error.stderr}`,
    );
  }
}
