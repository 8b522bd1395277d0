import type { ControlId, PbcSpec } from '@pbc-portal/pbc-domain';
import { Resources, ofType, referencedId, resourcesOf } from '../template';

/** A place where a template departs from the reference patterns, by control id. */
export interface PatternViolation {
  /** A control of the catalog: the compiler rejects an id that is not in it. */
  controlId: ControlId;
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

  constructor(
    readonly spec: PbcSpec,
    readonly template: Record<string, unknown>,
  ) {
    this.resources = resourcesOf(template);
    this.keyIds = new Set(
      ofType(this.resources, 'AWS::KMS::Key').map(([id]) => id),
    );
    this.fifo = spec.pciScope;
  }

  add(controlId: ControlId, message: string, resource?: string) {
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
