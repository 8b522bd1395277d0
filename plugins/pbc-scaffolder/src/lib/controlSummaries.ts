import { controlsForPbc, guidanceUrl } from '@pbc-portal/pbc-domain';

/** A control as the generated docs list it. */
export interface ControlSummary {
  id: string;
  title: string;
  family: string;
  severity: string;
  /** Link to the article section that argues for the control, in the portal's TechDocs. */
  guidanceUrl: string;
  /** True when the control concerns a resource type the generated stack creates. */
  inStack: boolean;
}

/** The resource types of a synthesized CloudFormation template. */
export function resourceTypesOf(
  template: Record<string, unknown>,
): Set<string> {
  const resources = (template.Resources ?? {}) as Record<
    string,
    { Type?: unknown }
  >;
  return new Set(
    Object.values(resources)
      .map(resource => resource?.Type)
      .filter((type): type is string => typeof type === 'string'),
  );
}

/**
 * The per-PBC controls that apply to a spec, in catalog order: all of them are in its
 * conformance pack; `inStack` marks those about resources the generated stack creates now.
 */
export function controlSummariesFor(
  spec: { pciScope: boolean },
  stackResourceTypes: ReadonlySet<string> = new Set(),
): ControlSummary[] {
  return controlsForPbc({ pciScope: spec.pciScope, level: 'pbc' }).map(
    control => ({
      id: control.id,
      title: control.title,
      family: control.family,
      severity: control.severity,
      guidanceUrl: guidanceUrl(control),
      inStack: control.resourceTypes.some(type => stackResourceTypes.has(type)),
    }),
  );
}
