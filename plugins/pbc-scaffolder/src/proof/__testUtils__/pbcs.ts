import { PbcSpec, parseConsumedEvent } from '@pbc-portal/pbc-domain';
import { renderInfrastructure } from '../../patterns/render';
import type { StackUnit } from './deploy';

/** What `pbc:spec:validate` reads from each producer's catalog entity. */
type ProducerFactsMap = Record<
  string,
  { awsAccountId: string; awsRegion: string; pciScope: boolean }
>;

interface RenderedStacks {
  stackName: string;
  template: Record<string, unknown>;
  /** `pbc-<name>--subscriptions`, deployed after every main stack, when the PBC consumes. */
  subscriptions?: { stackName: string; template: Record<string, unknown> };
}

/**
 * The render with the producers' facts. Typed here rather than imported so the proofs compile
 * against the patterns before and after the producers option and the subscriptions stack.
 */
const render = renderInfrastructure as unknown as (
  spec: PbcSpec,
  options: { producers: ProducerFactsMap },
) => RenderedStacks;

/** The rendered stacks of one PBC: its main stack and, when it consumes, its subscriptions. */
export interface RenderedPbc {
  spec: PbcSpec;
  main: StackUnit;
  subscriptions?: StackUnit;
}

/** Account, Region and PCI scope of every producer a spec consumes from, from the specs. */
export function producerFacts(spec: PbcSpec, specs: PbcSpec[]): ProducerFactsMap {
  const byName = new Map(specs.map(s => [s.name, s]));
  const facts: ProducerFactsMap = {};
  for (const consumed of spec.consumes) {
    const { producer } = parseConsumedEvent(consumed);
    const source = byName.get(producer);
    if (source) {
      facts[producer] = {
        awsAccountId: source.awsAccountId,
        awsRegion: source.awsRegion,
        pciScope: source.pciScope,
      };
    }
  }
  return facts;
}

/** Renders every spec with its producers' facts, as `pbc:infrastructure:render` does. */
export function renderPbcs(specs: PbcSpec[]): RenderedPbc[] {
  return specs.map(spec => {
    const rendered = render(spec, {
      producers: producerFacts(spec, specs),
    });
    const target = { account: spec.awsAccountId, region: spec.awsRegion, pbc: spec.name };
    return {
      spec,
      main: { ...target, stackName: rendered.stackName, template: rendered.template },
      subscriptions: rendered.subscriptions && {
        ...target,
        stackName: rendered.subscriptions.stackName,
        template: rendered.subscriptions.template,
      },
    };
  });
}
