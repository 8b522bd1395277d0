import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';

type RetryStrategy = NonNullable<
  ConstructorParameters<typeof ConfigServiceClient>[0]
>['retryStrategy'];

/**
 * Retries throttling and 5xx answers up to `maxAttempts` calls in all, after
 * a fixed delay: predictable timing in tests instead of the SDK's jittered
 * exponential backoff.
 */
export function fixedDelayRetry(
  maxAttempts: number,
  delayMs = 0,
): RetryStrategy {
  const token = (count: number) => ({
    getRetryCount: () => count,
    getRetryDelay: () => delayMs,
    getRetryCost: () => 0,
  });
  return {
    mode: 'standard',
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (
      previous: { getRetryCount(): number },
      info: { errorType: string },
    ) => {
      const next = previous.getRetryCount() + 1;
      if (next >= maxAttempts || info.errorType === 'CLIENT_ERROR') {
        throw new Error('no more retries');
      }
      return token(next);
    },
    recordSuccess: () => {},
  } as unknown as RetryStrategy;
}

export interface ClientOptions {
  accountId?: string;
  region?: string;
  maxAttempts?: number;
  retryDelayMs?: number;
}

function common(url: string, options: ClientOptions) {
  return {
    endpoint: url,
    region: options.region ?? 'eu-west-1',
    credentials: {
      accessKeyId: `LOCAL${options.accountId ?? '111111111111'}`,
      secretAccessKey: 'x',
    },
    maxAttempts: options.maxAttempts ?? 1,
    retryStrategy: fixedDelayRetry(
      options.maxAttempts ?? 1,
      options.retryDelayMs ?? 0,
    ),
  };
}

export const configClient = (url: string, options: ClientOptions = {}) =>
  new ConfigServiceClient(common(url, options));

export const cloudTrailClient = (url: string, options: ClientOptions = {}) =>
  new CloudTrailClient(common(url, options));

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, got none');
}
