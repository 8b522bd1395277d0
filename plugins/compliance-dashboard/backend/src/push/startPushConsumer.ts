import { LoggerService } from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { Config } from '@backstage/config';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ComplianceReader, TaggedResource } from '../aws/types';
import { PushedEventRecorder } from './PushedEventRecorder';
import { readComplianceDashboardConfig } from '../config';
import { PushedComplianceChange } from './events';
import { PushConsumer } from './PushConsumer';
import { SqsEventQueue } from './SqsEventQueue';

/** What the consumer needs of the service: a refresh, and its end; where pushed risky events go. */
export interface RefreshRequester {
  requestRefresh(): Promise<{ id: string }>;
  getRefresh(id: string): Promise<{ state: string; error?: string }>;
  /** Records pushed CloudTrail events into the current snapshot; without it they ask for a refresh. */
  recorder?: (
    resourcesOf: (accountId: string) => TaggedResource[],
  ) => PushedEventRecorder;
}

const QUEUE_URL = /^https?:\/\/[^/]+\/(\d{12})\/([A-Za-z0-9_-]{1,80})$/;

/**
 * Starts the push consumer if `complianceDashboard.push.queueUrl` is set;
 * returns it (or undefined) and stops it on `stop`.
 */
export function startPushConsumer(options: {
  config: Config;
  logger: LoggerService;
  reader: ComplianceReader;
  service: RefreshRequester;
  onShutdown: (hook: () => void) => void;
}): PushConsumer | undefined {
  const settings = readComplianceDashboardConfig(options.config);
  const push = settings.push;
  if (!push) return undefined;
  const match = QUEUE_URL.exec(push.queueUrl);
  if (!match) {
    throw new Error(
      `Invalid config complianceDashboard.push.queueUrl: expected https://sqs.<region>.amazonaws.com/<account>/<queue>, got '${push.queueUrl}'`,
    );
  }
  const accountId = match[1];
  const credentials = DefaultAwsCredentialsManager.fromConfig(options.config);
  const client = new SQSClient({
    region: push.region,
    endpoint: settings.aws.endpoint,
    credentials: async () =>
      (
        await credentials.getCredentialProvider({ accountId })
      ).sdkCredentialProvider(),
    maxAttempts: settings.aws.maxAttempts,
  });
  const reader = options.reader as ComplianceReader & {
    applyPushedChange?: (change: PushedComplianceChange) => boolean;
    knownResources?: (accountId: string) => TaggedResource[];
  };
  // Resources the change-driven reader keeps attribute events by what they
  // touch; with another reader the caller's role alone attributes.
  const recorder = options.service.recorder?.(
    account => reader.knownResources?.(account) ?? [],
  );
  const consumer = new PushConsumer({
    queue: new SqsEventQueue({
      client,
      queueUrl: push.queueUrl,
      visibilitySeconds: push.visibilitySeconds,
    }),
    // The change-driven reader keeps a state to apply events to; any other
    // reader gets what changed from the refresh itself.
    apply: change => reader.applyPushedChange?.(change) ?? false,
    recordApiCalls: recorder ? calls => recorder.record(calls) : undefined,
    commit: async () => {
      const { id } = await options.service.requestRefresh();
      for (;;) {
        await new Promise(resolve => setTimeout(resolve, 1000));
        const refresh = await options.service.getRefresh(id);
        if (refresh.state === 'failed') {
          throw new Error(`refresh ${id} failed: ${refresh.error ?? ''}`);
        }
        if (refresh.state !== 'queued' && refresh.state !== 'running') return;
      }
    },
    logger: options.logger,
  });
  const controller = new AbortController();
  options.onShutdown(() => {
    controller.abort();
    client.destroy();
  });
  consumer
    .run(controller.signal)
    .catch(error =>
      options.logger.error(`The push consumer stopped: ${error}`),
    );
  return consumer;
}
