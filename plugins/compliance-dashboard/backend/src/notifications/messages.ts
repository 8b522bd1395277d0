import { createHash } from 'node:crypto';
import {
  NotificationPayload,
  NotificationSeverity,
} from '@backstage/plugin-notifications-common';
import { Guidance, Severity } from '@pbc-portal/pbc-domain';
import { changeKey, PbcChange } from './changes';

/** Topics users can switch off one by one in their notification settings. */
export const TOPICS = {
  regression: 'compliance-regression',
  exemption: 'compliance-exemption',
  digest: 'compliance-digest',
} as const;

/** What a message names of a PBC. */
export interface PbcLabel {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
}

// More than this many lines and the rest is on the tab.
const MAX_LINES = 8;

const RANK: Record<NotificationSeverity, number> = {
  critical: 3,
  high: 2,
  normal: 1,
  low: 0,
};

const enc = encodeURIComponent;

/** The PBC's Compliance tab on its entity page. */
export function pbcTabLink(pbc: PbcLabel): string {
  return `/catalog/${enc(pbc.namespace)}/${enc(pbc.kind.toLowerCase())}/${enc(
    pbc.name,
  )}/compliance`;
}

/** The article section that argues for a control. */
export function articleLink(guidance: Guidance, baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${guidance.article}/#${
    guidance.anchor
  }`;
}

export function controlSeverity(severity: Severity): NotificationSeverity {
  return severity === 'medium' ? 'normal' : severity;
}

function changeSeverity(
  change: PbcChange,
  threshold: number,
): NotificationSeverity {
  switch (change.kind) {
    case 'control-failing':
      return controlSeverity(change.severity);
    case 'score-drop':
      // Twice the threshold in one go is more than drift.
      return change.from - change.to >= 2 * threshold ? 'high' : 'normal';
    default:
      return 'critical';
  }
}

export function highest(
  severities: NotificationSeverity[],
): NotificationSeverity {
  return severities.reduce<NotificationSeverity>(
    (a, b) => (RANK[b] > RANK[a] ? b : a),
    'low',
  );
}

function line(change: PbcChange): string {
  switch (change.kind) {
    case 'control-failing':
      return `${change.controlId} failing (${change.severity})${
        change.title ? `: ${change.title}` : ''
      }`;
    case 'score-drop':
      return `Score fell from ${change.from} to ${change.to}`;
    default:
      return `Critical CloudTrail event ${change.eventName} at ${
        change.eventTime
      }${change.reasons[0] ? `: ${change.reasons[0].why}` : ''}`;
  }
}

function label(pbc: PbcLabel): string {
  return pbc.title ?? pbc.name;
}

/**
 * One notification for all of a PBC's changes of one refresh. A single
 * failing control links to its article; anything else to the PBC's tab. The
 * scope is a digest of the changes: a second send of the same changes (a
 * crash between send and save) updates the first instead of adding one.
 */
export function regressionPayload(
  pbc: PbcLabel,
  changes: PbcChange[],
  options: { guidanceBaseUrl: string; threshold: number },
): NotificationPayload {
  const ordered = [...changes].sort(
    (a, b) =>
      RANK[changeSeverity(b, options.threshold)] -
      RANK[changeSeverity(a, options.threshold)],
  );
  const severity = highest(
    ordered.map(c => changeSeverity(c, options.threshold)),
  );
  const keys = ordered.map(changeKey).sort();
  const scope = `compliance-dashboard:${pbc.entityRef}:${createHash('sha256')
    .update(keys.join('\n'))
    .digest('hex')
    .slice(0, 16)}`;
  const base = {
    severity,
    topic: TOPICS.regression,
    scope,
    metadata: { entityRef: pbc.entityRef, changes: keys },
  };

  if (ordered.length === 1) {
    const [only] = ordered;
    if (only.kind === 'control-failing') {
      return {
        ...base,
        title: `${label(pbc)}: ${only.controlId} is failing`,
        description: `${line(only)}. The Compliance tab lists the resources.`,
        link: only.guidance
          ? articleLink(only.guidance, options.guidanceBaseUrl)
          : pbcTabLink(pbc),
      };
    }
    return {
      ...base,
      title:
        only.kind === 'score-drop'
          ? `${label(pbc)}: compliance score fell to ${only.to}`
          : `${label(pbc)}: critical CloudTrail event ${only.eventName}`,
      description: `${line(only)}.`,
      link: pbcTabLink(pbc),
    };
  }

  const shown = ordered.slice(0, MAX_LINES).map(line);
  if (ordered.length > MAX_LINES) {
    shown.push(`and ${ordered.length - MAX_LINES} more on the Compliance tab`);
  }
  return {
    ...base,
    title: `${label(pbc)}: ${ordered.length} compliance changes`,
    description: shown.join('\n'),
    link: pbcTabLink(pbc),
  };
}
