import {
  CloudTrailClient,
  CloudTrailClientConfig,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  ConfigServiceClientConfig,
} from '@aws-sdk/client-config-service';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { AwsReadConfig } from '../config';
import { RateLimiter } from './RateLimiter';

/** Counts of HTTP requests the clients sent (retries included). */
export interface AwsCallStats {
  /** HTTP requests, one per attempt. */
  requests: number;
  byOperation: Record<string, number>;
  byAccountRegion: Record<string, number>;
  /** Attempts the service answered with a throttling error. */
  throttled: number;
}

// Minimal structural types of the SDK's middleware stack, so that we do not
// depend on @smithy/types for two signatures.
type Handler = (args: unknown) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;
interface MiddlewareStackLike {
  add(
    middleware: Middleware,
    options: { step: 'finalizeRequest'; priority: 'low'; name: string },
  ): void;
}

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

export const accountRegionKey = (accountId: string, region: string) =>
  `${accountId}/${region}`;

/**
 * One AWS Config and one CloudTrail client per account and Region, with
 * credentials from the AWS integration config, adaptive retries, the
 * optional custom endpoint, a client-side LookupEvents rate limit per account
 * and Region, and call counting.
 */
export class AwsClientFactory {
  readonly #credentials: AwsCredentialsManager;
  readonly #config: AwsReadConfig;
  readonly #lookupLimiter: RateLimiter;
  readonly #configClients = new Map<string, Promise<ConfigServiceClient>>();
  readonly #trailClients = new Map<string, Promise<CloudTrailClient>>();
  #stats: AwsCallStats = emptyStats();

  constructor(options: {
    credentialsManager: AwsCredentialsManager;
    config: AwsReadConfig;
  }) {
    this.#credentials = options.credentialsManager;
    this.#config = options.config;
    this.#lookupLimiter = new RateLimiter(options.config.lookupEventsPerSecond);
  }

  configClient(
    accountId: string,
    region: string,
  ): Promise<ConfigServiceClient> {
    return this.#cached(this.#configClients, accountId, region, async base => {
      const client = new ConfigServiceClient(base as ConfigServiceClientConfig);
      this.#instrument(client.middlewareStack, accountId, region);
      return client;
    });
  }

  cloudTrailClient(
    accountId: string,
    region: string,
  ): Promise<CloudTrailClient> {
    return this.#cached(this.#trailClients, accountId, region, async base => {
      const client = new CloudTrailClient(base as CloudTrailClientConfig);
      this.#instrument(client.middlewareStack, accountId, region);
      return client;
    });
  }

  stats(): AwsCallStats {
    return {
      ...this.#stats,
      byOperation: { ...this.#stats.byOperation },
      byAccountRegion: { ...this.#stats.byAccountRegion },
    };
  }

  resetStats(): void {
    this.#stats = emptyStats();
  }

  /** Drops cached clients (after credentials changed, or at shutdown). */
  destroy(): void {
    for (const map of [this.#configClients, this.#trailClients]) {
      for (const client of map.values()) {
        client.then(c => c.destroy()).catch(() => {});
      }
      map.clear();
    }
  }

  #cached<T>(
    map: Map<string, Promise<T>>,
    accountId: string,
    region: string,
    create: (base: BaseClientConfig) => Promise<T>,
  ): Promise<T> {
    const key = accountRegionKey(accountId, region);
    let client = map.get(key);
    if (!client) {
      client = this.#baseConfig(accountId, region).then(create);
      // A failed credential lookup must not stick: the next refresh retries.
      client.catch(() => map.delete(key));
      map.set(key, client);
    }
    return client;
  }

  async #baseConfig(
    accountId: string,
    region: string,
  ): Promise<BaseClientConfig> {
    const provider = await this.#credentials.getCredentialProvider({
      accountId,
    });
    return {
      region,
      credentials: provider.sdkCredentialProvider,
      maxAttempts: this.#config.maxAttempts,
      retryMode: 'adaptive',
      ...(this.#config.endpoint ? { endpoint: this.#config.endpoint } : {}),
      requestHandler: {
        requestTimeout: this.#config.requestTimeoutMs,
        connectionTimeout: Math.min(10000, this.#config.requestTimeoutMs),
      },
    };
  }

  #instrument(stack: unknown, accountId: string, region: string) {
    const key = accountRegionKey(accountId, region);
    const middleware: Middleware = (next, context) => async args => {
      const operation = context.commandName?.replace(/Command$/, '') ?? '?';
      if (operation === 'LookupEvents') {
        await this.#lookupLimiter.acquire(key);
      }
      const stats = this.#stats;
      stats.requests += 1;
      stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
      stats.byAccountRegion[key] = (stats.byAccountRegion[key] ?? 0) + 1;
      try {
        return await next(args);
      } catch (error) {
        if (
          error instanceof Error &&
          (THROTTLING_ERRORS.has(error.name) ||
            (error as { $metadata?: { httpStatusCode?: number } }).$metadata
              ?.httpStatusCode === 429)
        ) {
          stats.throttled += 1;
        }
        throw error;
      }
    };
    // Below the retry middleware (priority high in the same step), so that
    // every attempt waits for the limiter and is counted.
    (stack as MiddlewareStackLike).add(middleware, {
      step: 'finalizeRequest',
      priority: 'low',
      name: 'pbcPortalCallAccounting',
    });
  }
}

type BaseClientConfig = {
  region: string;
  credentials: unknown;
  maxAttempts: number;
  retryMode: 'adaptive';
  endpoint?: string;
  requestHandler: { requestTimeout: number; connectionTimeout: number };
} & Record<string, any>;

function emptyStats(): AwsCallStats {
  return { requests: 0, byOperation: {}, byAccountRegion: {}, throttled: 0 };
}
