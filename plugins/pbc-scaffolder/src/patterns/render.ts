import { App, DefaultStackSynthesizer } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  parseConsumedEvent,
  subscriptionsStackName,
  type PbcSpec,
  type ProducerFactsMap,
} from '@pbc-portal/pbc-domain';
import { buildConformancePack } from './conformancePack';
import { NagFinding, collectNagFindings, nagPacksFor } from './nag';
import { InputError } from '@backstage/errors';
import { assertRenderableSpec } from './specCheck';
import { withoutCdkDefaultValidation } from './synth';
import { PbcStack, type PatternOverrides } from './stack';
import { PbcSubscriptionsStack } from './subscriptions';
import { stackName } from '@pbc-portal/pbc-domain';
import { databaseUserSql } from './databaseUser';

/** What {@link renderInfrastructure} returns for one PBC. */
export interface RenderedInfrastructure {
  /** `pbc-<name>`. */
  stackName: string;
  /** The synthesized CloudFormation template. */
  template: Record<string, unknown>;
  /** The same template as YAML. */
  templateYaml: string;
  /** The PBC's AWS Config conformance pack (`pbc-<name>`), as a template. */
  conformancePack: { name: string; templateYaml: string };
  /** cdk-nag findings nobody acknowledged; empty for every spec the patterns accept. */
  nagFindings: NagFinding[];
  /**
   * The subscriptions stack (`pbc-<name>--subscriptions`), deployed after the main stack and
   * after the producers' stacks; absent when the PBC consumes nothing.
   */
  subscriptions?: {
    stackName: string;
    template: Record<string, unknown>;
    templateYaml: string;
  };
  /** The producer facts the render used, per producer. */
  producers: ProducerFactsMap;
  /**
   * Aurora PBCs: the one-time SQL that creates the database user the role's `rds-db:connect`
   * names (`infrastructure/database-user.sql`); absent for other data stores.
   */
  databaseUserSql?: string;
}

/** CloudFormation's limit on a template passed as TemplateBody, in bytes. */
export const TEMPLATE_BODY_MAX_BYTES = 51_200;

export interface RenderOptions {
  /**
   * Account, Region and PCI scope of every producer the spec consumes from, from the
   * producers' catalog entities (`pbc:spec:validate` outputs them). A producer missing here is
   * assumed to be in the consumer's account and Region, FIFO exactly when the consumer is PCI.
   */
  producers?: ProducerFactsMap;
  /** Stand-ins for a future patterns release (tests of re-rendering); production passes none. */
  patterns?: PatternOverrides;
}

function toYaml(template: unknown): string {
  // YAML 1.1 quoting, as CloudFormation reads YAML 1.1: `2012-10-17` stays a string.
  return stringify(template, {
    aliasDuplicateObjects: false,
    lineWidth: 0,
    version: '1.1',
  });
}

/** The producer facts for every consumed producer, with the documented fallback. */
export function resolveProducers(
  spec: PbcSpec,
  producers: ProducerFactsMap = {},
): ProducerFactsMap {
  const resolved: ProducerFactsMap = {};
  for (const entry of spec.consumes) {
    const { producer } = parseConsumedEvent(entry);
    resolved[producer] = producers[producer] ?? {
      awsAccountId: spec.awsAccountId,
      awsRegion: spec.awsRegion,
      pciScope: spec.pciScope,
    };
  }
  return resolved;
}

/**
 * Renders the reference infrastructure of one PBC: synthesizes its CDK stack in process (no
 * network, no credentials, no lookups, no assets), runs the cdk-nag packs that apply and builds
 * its conformance pack.
 *
 * @throws InputError when the spec cannot be rendered into valid resource names.
 */
export function renderInfrastructure(
  spec: PbcSpec,
  options: RenderOptions = {},
): RenderedInfrastructure {
  assertRenderableSpec(spec);
  const producers = resolveProducers(spec, options.producers);
  const name = stackName(spec.name);
  const outdir = mkdtempSync(join(tmpdir(), 'pbc-synth-'));
  try {
    const app = new App({ outdir, analyticsReporting: false });
    const stack = new PbcStack(app, name, {
      spec,
      producers,
      patterns: options.patterns,
      // No bootstrap version parameter/rule: the template stays self-contained for cfn-lint
      // and for deployment by the platform pipeline, which does not use CDK bootstrap.
      synthesizer: new DefaultStackSynthesizer({
        generateBootstrapVersionRule: false,
      }),
    });
    const subscriptionsName = subscriptionsStackName(spec.name);
    const subscriptionsStack =
      spec.consumes.length > 0
        ? new PbcSubscriptionsStack(app, subscriptionsName, {
            spec,
            producers,
            synthesizer: new DefaultStackSynthesizer({
              generateBootstrapVersionRule: false,
            }),
          })
        : undefined;
    const assembly = withoutCdkDefaultValidation(() => app.synth());
    const template = assembly.getStackByName(name).template as Record<
      string,
      unknown
    >;
    const subscriptionsTemplate = subscriptionsStack
      ? (assembly.getStackByName(subscriptionsName).template as Record<
          string,
          unknown
        >)
      : undefined;
    const nagFindings = collectNagFindings(nagPacksFor(spec.pciScope), stack);
    if (subscriptionsStack) {
      nagFindings.push(
        ...collectNagFindings(nagPacksFor(spec.pciScope), subscriptionsStack),
      );
    }
    const pack = buildConformancePack(spec, options.patterns?.version);
    const templateYaml = toYaml(template);
    const size = Buffer.byteLength(templateYaml);
    if (size > TEMPLATE_BODY_MAX_BYTES) {
      throw new InputError(
        `The stack of '${spec.name}' would be ${size} bytes, over CloudFormation's ${TEMPLATE_BODY_MAX_BYTES}-byte template body: publish or consume fewer events, or use shorter event names`,
      );
    }
    return {
      stackName: name,
      template,
      templateYaml,
      conformancePack: { name: pack.name, templateYaml: pack.templateYaml },
      nagFindings,
      producers,
      ...(spec.dataStore === 'aurora-postgresql'
        ? { databaseUserSql: databaseUserSql(spec.name) }
        : {}),
      ...(subscriptionsTemplate
        ? {
            subscriptions: {
              stackName: subscriptionsName,
              template: subscriptionsTemplate,
              templateYaml: toYaml(subscriptionsTemplate),
            },
          }
        : {}),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
