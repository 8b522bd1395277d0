import { App, DefaultStackSynthesizer } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { buildConformancePack } from './conformancePack';
import { NagFinding, collectNagFindings, nagPacksFor } from './nag';
import { assertRenderableSpec } from './specCheck';
import { withoutCdkDefaultValidation } from './synth';
import { PbcStack, type PatternOverrides } from './stack';
import { stackName } from '@pbc-portal/pbc-domain';

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
}

/**
 * Renders the reference infrastructure of one PBC: synthesizes its CDK stack in process (no
 * network, no credentials, no lookups, no assets), runs the cdk-nag packs that apply and builds
 * its conformance pack.
 *
 * `overrides` stand in for a future patterns release (tests of re-rendering); production passes none.
 *
 * @throws InputError when the spec cannot be rendered into valid resource names.
 */
export function renderInfrastructure(
  spec: PbcSpec,
  overrides?: PatternOverrides,
): RenderedInfrastructure {
  assertRenderableSpec(spec);
  const name = stackName(spec.name);
  const outdir = mkdtempSync(join(tmpdir(), 'pbc-synth-'));
  try {
    const app = new App({ outdir, analyticsReporting: false });
    const stack = new PbcStack(app, name, {
      spec,
      patterns: overrides,
      // No bootstrap version parameter/rule: the template stays self-contained for cfn-lint
      // and for deployment by the platform pipeline, which does not use CDK bootstrap.
      synthesizer: new DefaultStackSynthesizer({
        generateBootstrapVersionRule: false,
      }),
    });
    const assembly = withoutCdkDefaultValidation(() => app.synth());
    const template = assembly.getStackByName(name).template as Record<
      string,
      unknown
    >;
    const nagFindings = collectNagFindings(nagPacksFor(spec.pciScope), stack);
    const pack = buildConformancePack(spec, overrides?.version);
    return {
      stackName: name,
      template,
      // YAML 1.1 quoting, as CloudFormation reads YAML 1.1: `2012-10-17` stays a string.
      templateYaml: stringify(template, {
        aliasDuplicateObjects: false,
        lineWidth: 0,
        version: '1.1',
      }),
      conformancePack: { name: pack.name, templateYaml: pack.templateYaml },
      nagFindings,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
