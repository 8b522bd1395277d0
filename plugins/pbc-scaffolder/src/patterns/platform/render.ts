import { App, DefaultStackSynthesizer } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PLATFORM_NAMES } from '@pbc-portal/pbc-domain';
import { NagFinding, collectNagFindings } from '../nag';
import { withoutCdkDefaultValidation } from '../synth';
import {
  AcknowledgedFinding,
  applyAcknowledgments,
  platformNagPacks,
} from './nag';
import { checkListeners } from '../../validation/checks/listeners';
import { ALB_SSL_POLICY } from './edge';
import { PlatformParams, resolvePlatformParams } from './params';
import { PlatformStack } from './stack';

/** What {@link renderPlatform} returns for one account and Region. */
export interface RenderedPlatform {
  /** `platform`. */
  stackName: string;
  /** The synthesized CloudFormation template. */
  template: Record<string, unknown>;
  /** The same template as YAML. */
  templateYaml: string;
  /** The same template as compact JSON: the smallest body to deploy. */
  templateJson: string;
  /** cdk-nag findings nobody acknowledged with a reason; empty for every valid input. */
  nagFindings: NagFinding[];
  /** Findings acknowledged by `PLATFORM_ACKNOWLEDGMENTS`, each with its written reason. */
  nagAcknowledged: AcknowledgedFinding[];
  /**
   * Our PBC-EDGE-02 check of the listeners. Empty with a certificate; without one, the HTTP
   * listener that stands in until the certificate exists is reported here (the control is open).
   */
  listenerFindings: string[];
}

/**
 * Renders the platform stack of one account and Region: synthesized in process like the PBC
 * stacks (no network, no credentials, no lookups), checked with cdk-nag AwsSolutions and, on
 * the payment tier, PCI DSS 3.2.1.
 *
 * @throws InputError when the parameters are invalid.
 */
export function renderPlatform(params: PlatformParams): RenderedPlatform {
  const resolved = resolvePlatformParams(params);
  const name = PLATFORM_NAMES.stack;
  const outdir = mkdtempSync(join(tmpdir(), 'pbc-platform-synth-'));
  try {
    const app = new App({ outdir, analyticsReporting: false });
    const stack = new PlatformStack(app, name, {
      params: resolved,
      synthesizer: new DefaultStackSynthesizer({
        generateBootstrapVersionRule: false,
      }),
    });
    const nag = platformNagPacks(stack);
    const assembly = withoutCdkDefaultValidation(() => app.synth());
    const template = assembly.getStackByName(name).template as Record<
      string,
      unknown
    >;
    const { open, acknowledged } = applyAcknowledgments(
      stack.node.path,
      nag.flatMap(({ packs, scope }) => collectNagFindings(packs, scope)),
    );
    return {
      stackName: name,
      template,
      templateYaml: stringify(template, {
        aliasDuplicateObjects: false,
        lineWidth: 0,
        version: '1.1',
      }),
      templateJson: JSON.stringify(template),
      nagFindings: open,
      nagAcknowledged: acknowledged,
      listenerFindings: checkListeners(template, [ALB_SSL_POLICY]),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
