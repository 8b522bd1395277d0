import { Guidance } from '@pbc-portal/pbc-domain';
import { guidanceSection } from '@pbc-portal/architecture-docs-tooling/guidance';
import { PbcDetail } from '@pbc-portal/plugin-compliance-dashboard-common';

/** A failing control as an assistant gets it: what to fix and the article section that argues why. */
export interface FailingControlView {
  controlId: string;
  title: string;
  severity: string;
  family: string;
  remediation: string;
  nonCompliantResourceCount: number;
  /** The non-compliant resources this control names (ids, at most 20). */
  resources: string[];
  guidance: {
    article: string;
    anchor: string;
    /** The article link; absolute when the portal's base URL is known. */
    url: string;
    /** Heading and plain text of the section; absent if the article has no such section. */
    heading?: string;
    text?: string;
  };
}

const MAX_RESOURCES = 20;

/** Absolute link for a portal-relative one (assistants do not know the portal's address). */
export function absoluteUrl(url: string, appBaseUrl?: string): string {
  return url.startsWith('/') && appBaseUrl
    ? `${appBaseUrl.replace(/\/+$/, '')}${url}`
    : url;
}

/**
 * The failing controls of a PBC's detail, failing ones only, in the
 * detail's order (by severity), each with its guidance section as text.
 */
export function failingControls(
  detail: PbcDetail,
  options: {
    appBaseUrl?: string;
    section?: (g: Guidance) => { heading: string; text: string } | undefined;
  } = {},
): FailingControlView[] {
  const section = options.section ?? guidanceSection;
  return detail.controls
    .filter(c => c.status === 'failing')
    .map(c => {
      const text = section(c.guidance);
      return {
        controlId: c.controlId,
        title: c.title,
        severity: c.severity,
        family: c.family,
        remediation: c.remediation,
        nonCompliantResourceCount: c.nonCompliantResourceCount,
        resources: detail.nonCompliantResources
          .filter(r => r.controlIds.includes(c.controlId))
          .map(r => r.resourceName ?? r.resourceId)
          .slice(0, MAX_RESOURCES),
        guidance: {
          article: c.guidance.article,
          anchor: c.guidance.anchor,
          url: absoluteUrl(c.guidanceUrl, options.appBaseUrl),
          ...(text ? { heading: text.heading, text: text.text } : {}),
        },
      };
    });
}
