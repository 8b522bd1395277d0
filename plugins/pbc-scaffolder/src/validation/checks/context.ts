import {
  parseConsumedEvent,
  type PbcSpec,
  type ProducerFacts,
} from '@pbc-portal/pbc-domain';
import { Resources, ofType, referencedId, resourcesOf } from '../template';

/** A place where a template departs from the reference patterns, by control id. */
export interface PatternViolation {
  controlId: string;
  /** Logical id of the resource (or output) concerned. */
  resource?: string;
  message: string;
}

/** The template under check and the violations found so far, shared by every family. */
export class CheckContext {
  readonly violations: PatternViolation[] = [];
  readonly resources: Resources;
  readonly keyIds: Set<string>;
  readonly fifo: boolean;
  /** The producer facts the template was rendered with (its `pbc-portal` metadata). */
  private readonly producers: Record<string, ProducerFacts>;

  constructor(
    readonly spec: PbcSpec,
    readonly template: Record<string, unknown>,
    /** The subscriptions stack's template, when the PBC consumes events. */
    readonly subscriptions?: Record<string, unknown>,
  ) {
    this.resources = resourcesOf(template);
    this.keyIds = new Set(
      ofType(this.resources, 'AWS::KMS::Key').map(([id]) => id),
    );
    this.fifo = spec.pciScope;
    const metadata = template.Metadata as
      | { 'pbc-portal'?: { producers?: Record<string, ProducerFacts> } }
      | undefined;
    this.producers = metadata?.['pbc-portal']?.producers ?? {};
  }

  /**
   * Where a producer's topic lives and whether it is FIFO. A producer the metadata does not
   * name is taken to be in the PBC's own account and Region, FIFO exactly when the PBC is PCI.
   */
  producer(name: string): ProducerFacts {
    return (
      this.producers[name] ?? {
        awsAccountId: this.spec.awsAccountId,
        awsRegion: this.spec.awsRegion,
        pciScope: this.spec.pciScope,
      }
    );
  }

  /** The consumed events with their producers' facts. */
  consumed() {
    return this.spec.consumes.map(entry => {
      const { producer, event } = parseConsumedEvent(entry);
      return { entry, producer, event, facts: this.producer(producer) };
    });
  }

  add(controlId: string, message: string, resource?: string) {
    this.violations.push({
      controlId,
      message,
      ...(resource ? { resource } : {}),
    });
  }

  of(type: string) {
    return ofType(this.resources, type);
  }

  isOwnKey(value: unknown): boolean {
    const id = referencedId(value);
    return id !== undefined && this.keyIds.has(id);
  }
}
