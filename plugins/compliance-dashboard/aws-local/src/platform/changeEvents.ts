import { createHash } from 'node:crypto';
import type { ComplianceChange } from './changes';

/** The queue the platform's EventBridge rules forward compliance events to. */
export const COMPLIANCE_EVENTS_QUEUE = 'pbc-portal-compliance-events';
/** Its dead-letter queue. */
export const COMPLIANCE_EVENTS_DLQ = 'pbc-portal-compliance-events-dlq';

/**
 * The EventBridge event AWS Config sends for a changed evaluation (detail
 * type `Config Rules Compliance Change`), as a forwarding rule delivers it
 * to SQS. The id is derived from the change, so a redelivery is the same
 * event.
 */
export function complianceChangeEvent(change: ComplianceChange) {
  const time = new Date(change.at).toISOString();
  const id = createHash('sha256')
    .update(
      `${change.accountId}/${change.region}/${change.rule.name}/${change.resource.resourceType}/${change.resource.resourceId}/${change.at}/${change.newComplianceType}`,
    )
    .digest('hex');
  const qualifier = {
    configRuleName: change.rule.name,
    resourceType: change.resource.resourceType,
    resourceId: change.resource.resourceId,
  };
  const ruleArn = `arn:aws:config:${change.region}:${change.accountId}:config-rule/${change.rule.name}`;
  return {
    version: '0',
    id: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(
      16,
      20,
    )}-${id.slice(20, 32)}`,
    'detail-type': 'Config Rules Compliance Change',
    source: 'aws.config',
    account: change.accountId,
    time,
    region: change.region,
    resources: [ruleArn],
    detail: {
      resourceId: change.resource.resourceId,
      awsRegion: change.region,
      awsAccountId: change.accountId,
      configRuleName: change.rule.name,
      recordVersion: '1.0',
      configRuleARN: ruleArn,
      messageType: 'ComplianceChangeNotification',
      notificationCreationTime: time,
      resourceType: change.resource.resourceType,
      newEvaluationResult: {
        evaluationResultIdentifier: {
          evaluationResultQualifier: qualifier,
          orderingTimestamp: time,
        },
        complianceType: change.newComplianceType,
        resultRecordedTime: time,
        configRuleInvokedTime: time,
      },
      oldEvaluationResult: {
        evaluationResultIdentifier: {
          evaluationResultQualifier: qualifier,
        },
        complianceType: change.oldComplianceType,
      },
    },
  };
}
