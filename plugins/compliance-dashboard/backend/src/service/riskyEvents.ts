import { RiskyEvent } from '@pbc-portal/plugin-compliance-dashboard-common';
import { StoredEventRow } from '../database/ComplianceStore';

/** A stored CloudTrail event as the API shows it. */
export function toRiskyEvent(e: StoredEventRow): RiskyEvent {
  return {
    eventId: e.eventId,
    eventTime: e.eventTime,
    eventName: e.eventName,
    eventSource: e.eventSource,
    awsAccountId: e.accountId,
    awsRegion: e.region,
    ...(e.principal ? { principal: e.principal } : {}),
    ...(e.sourceIpAddress ? { sourceIpAddress: e.sourceIpAddress } : {}),
    severity: e.severity,
    reasons: e.reasons,
    resources: e.resources,
    pbcs: e.pbcs,
  };
}
