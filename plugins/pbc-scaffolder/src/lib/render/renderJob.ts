import type { PbcSpec, ProducerFactsMap } from '@pbc-portal/pbc-domain';
import { defaultToolkit } from '../defaultToolkit';
import type { PatternViolation } from '../../validation';
import type { RenderedInfrastructure } from '../toolkit';

export interface RenderJobResult {
  rendered: RenderedInfrastructure;
  violations: PatternViolation[];
}

/**
 * The CPU-bound part of pbc:infrastructure:render (CDK synthesis, cdk-nag, the reference-pattern
 * checks), as the render worker runs it. Seconds of synchronous work: never on the event loop.
 */
export function renderAndCheck(
  spec: PbcSpec,
  producers?: ProducerFactsMap,
): RenderJobResult {
  const rendered = defaultToolkit.renderInfrastructure(spec, { producers });
  return {
    rendered,
    violations: defaultToolkit.checkReferencePatterns(
      spec,
      rendered.template,
      rendered.subscriptions?.template,
    ),
  };
}

/** This module's file (the .ts source in development and tests, the built .js otherwise), for the worker to load. */
export const RENDER_JOB_MODULE = __filename;
