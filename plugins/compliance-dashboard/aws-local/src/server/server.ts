import { randomUUID } from 'node:crypto';
import {
  IncomingMessage,
  Server,
  ServerResponse,
  createServer,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoPlatform } from '../platform/generate';
import type { Platform } from '../platform/types';
import { PlatformChanges } from '../platform/changes';
import { CLOUDTRAIL_OPERATIONS } from './cloudtrail';
import { CONFIG_OPERATIONS, CallContext } from './config';
import {
  AGGREGATE_OPERATIONS,
  LocalAggregator,
  defaultAggregator,
} from './aggregate';
import { AwsError } from './errors';
import { FaultInjector, Faults, RateLimiter } from './faults';
import { TokenCodec } from './tokens';
import { LocalQueues } from './sqs';
import {
  COMPLIANCE_EVENTS_DLQ,
  COMPLIANCE_EVENTS_QUEUE,
  complianceChangeEvent,
} from '../platform/changeEvents';

/** @public */
export interface AwsLocalOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: {@link demoPlatform}. */
  platform?: Platform;
  faults?: Faults;
  /** LookupEvents calls per second per account and Region; 0 or Infinity for no limit. Default 2. */
  lookupEventsPerSecond?: number;
  /** The configuration aggregator; default `pbc-portal-aggregator` in the first account and Region, every account a member. */
  aggregator?: LocalAggregator;
  /**
   * The queue that receives the platform's compliance-change events (in the
   * aggregator's account and Region): visibility timeout (default 30 s) and
   * receives before a message moves to the dead-letter queue (default 3).
   */
  eventQueue?: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number };
}

/** @public */
export interface AwsLocalStats {
  total: number;
  byOperation: Record<string, number>;
  /** Keyed `<accountId>/<region>`. */
  byAccountRegion: Record<string, number>;
  throttled: number;
}

/** @public */
export interface AwsLocal {
  /** e.g. `http://127.0.0.1:4599`: the `endpoint` for the SDK clients. */
  url: string;
  port: number;
  platform: Platform;
  /** Changes after generation: flip results, churn, stop recording ResourceCompliance. */
  changes: PlatformChanges;
  /** The aggregator; change `memberAccountIds` to leave an account out. */
  aggregator: LocalAggregator;
  /** SQS queues; every change of `changes` is sent to `eventQueueUrl` as an EventBridge event. */
  queues: LocalQueues;
  eventQueueUrl: string;
  setFaults(faults: Faults): void;
  stats(): AwsLocalStats;
  resetStats(): void;
  close(): Promise<void>;
}

const SERVICES: Record<
  string,
  {
    signingName: string;
    contentType?: string;
    operations: Record<
      string,
      (ctx: CallContext, body: Record<string, unknown>) => unknown
    >;
  }
> = {
  // SQS's JSON 1.0 protocol (X-Amz-Target AmazonSQS.<Operation>).
  AmazonSQS: {
    signingName: 'sqs',
    contentType: 'application/x-amz-json-1.0',
    operations: {
      SendMessage: (ctx, body) => ctx.queues.sendMessage(ctx, body),
      ReceiveMessage: (ctx, body) => ctx.queues.receiveMessage(ctx, body),
      DeleteMessage: (ctx, body) => ctx.queues.deleteMessage(ctx, body),
      GetQueueUrl: (ctx, body) => ctx.queues.getQueueUrl(ctx, body),
    },
  },
  StarlingDoveService: {
    signingName: 'config',
    operations: { ...CONFIG_OPERATIONS, ...AGGREGATE_OPERATIONS },
  },
  CloudTrail_20131101: {
    signingName: 'cloudtrail',
    operations: CLOUDTRAIL_OPERATIONS,
  },
};

const MAX_BODY = 1024 * 1024;
const CREDENTIAL =
  /Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/** Account and Region from a SigV4 Authorization header; signatures are not verified. */
function authenticate(
  header: string | undefined,
  platform: Platform,
  signingName: string,
) {
  if (!header) {
    throw new AwsError(
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
    );
  }
  if (!header.startsWith('AWS4-HMAC-SHA256 ')) {
    throw new AwsError(
      'IncompleteSignatureException',
      'Authorization header requires the AWS4-HMAC-SHA256 algorithm',
    );
  }
  const m = CREDENTIAL.exec(header);
  if (!m || !/Signature=[0-9a-f]+/.test(header)) {
    throw new AwsError(
      'IncompleteSignatureException',
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters",
    );
  }
  const [, accessKeyId, , region, service] = m;
  if (service !== signingName) {
    throw new AwsError(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${signingName}'.`,
    );
  }
  const account = /^LOCAL(\d{12})$/.exec(accessKeyId)?.[1];
  if (!account || !platform.account(account)) {
    throw new AwsError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  return { accountId: account, region };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(
          new AwsError(
            'SerializationException',
            'The request body is too large',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number, timers: Set<NodeJS.Timeout>) =>
  new Promise<void>(resolve => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });

/**
 * Starts the local AWS endpoint. It answers AWS JSON 1.1 calls of the AWS
 * Config and CloudTrail SDK clients for the given (default: demo) platform.
 *
 * @public
 */
export async function startAwsLocal(
  options: AwsLocalOptions = {},
): Promise<AwsLocal> {
  const platform = options.platform ?? demoPlatform();
  const host = options.host ?? '127.0.0.1';
  const faults = new FaultInjector();
  faults.set(options.faults ?? {});
  const limiter = new RateLimiter(options.lookupEventsPerSecond ?? 2);
  const tokens = new TokenCodec();
  const queryCache: CallContext['queryCache'] = new Map();
  const changes = new PlatformChanges(platform);
  const aggregator = options.aggregator ?? defaultAggregator(platform);
  let baseUrl = '';
  const queues = new LocalQueues(() => baseUrl);
  for (const [name, redrive] of [
    [COMPLIANCE_EVENTS_DLQ, undefined],
    [
      COMPLIANCE_EVENTS_QUEUE,
      {
        deadLetterQueue: COMPLIANCE_EVENTS_DLQ,
        maxReceiveCount: options.eventQueue?.maxReceiveCount ?? 3,
      },
    ],
  ] as const) {
    queues.create({
      accountId: aggregator.accountId,
      region: aggregator.region,
      name,
      visibilityTimeoutSeconds: options.eventQueue?.visibilityTimeoutSeconds,
      redrive,
    });
  }
  // The platform's EventBridge rules forward every compliance change.
  changes.onChange(change =>
    queues.send(
      aggregator.accountId,
      COMPLIANCE_EVENTS_QUEUE,
      JSON.stringify(complianceChangeEvent(change)),
    ),
  );
  const timers = new Set<NodeJS.Timeout>();
  let stats: AwsLocalStats = {
    total: 0,
    byOperation: {},
    byAccountRegion: {},
    throttled: 0,
  };

  const send = (
    res: ServerResponse,
    status: number,
    body: string,
    requestId: string,
    errorType?: string,
    contentType = 'application/x-amz-json-1.1',
  ) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': requestId,
      ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
    });
    res.end(body);
  };
  const sendError = (res: ServerResponse, err: AwsError, requestId: string) => {
    if (err.type === 'ThrottlingException') stats.throttled++;
    const body =
      err.status >= 500 && err.message === ''
        ? { __type: err.type }
        : { __type: err.type, message: err.message };
    send(res, err.status, JSON.stringify(body), requestId, err.type);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    if (req.method === 'GET' && (req.url === '/health' || req.url === '/')) {
      // Readiness probe for scripts; AWS itself has no such path.
      send(
        res,
        200,
        JSON.stringify({ status: 'ok', service: 'aws-local' }),
        requestId,
      );
      return;
    }
    stats.total++;
    const target = String(req.headers['x-amz-target'] ?? '');
    const dot = target.lastIndexOf('.');
    const prefix = dot > 0 ? target.slice(0, dot) : '';
    const operation = dot > 0 ? target.slice(dot + 1) : target;
    const service = SERVICES[prefix.split('.').pop() ?? ''];
    stats.byOperation[operation || '(none)'] =
      (stats.byOperation[operation || '(none)'] ?? 0) + 1;
    try {
      const raw = await readBody(req);
      if (
        req.method !== 'POST' ||
        (req.url ?? '/').split('?')[0] !== '/' ||
        !service ||
        !service.operations[operation]
      ) {
        throw new AwsError(
          'UnknownOperationException',
          `Unknown operation ${target || '(no X-Amz-Target)'}`,
        );
      }
      const { accountId, region } = authenticate(
        req.headers.authorization,
        platform,
        service.signingName,
      );
      const arKey = `${accountId}/${region}`;
      stats.byAccountRegion[arKey] = (stats.byAccountRegion[arKey] ?? 0) + 1;

      const delay = faults.latency(operation);
      if (delay > 0) await sleep(delay, timers);
      const decision = faults.decide(operation, accountId);
      switch (decision.kind) {
        case 'accessDenied':
          throw new AwsError(
            'AccessDeniedException',
            `User: arn:aws:sts::${accountId}:assumed-role/pbc-portal-reader/aws-local is not authorized to perform: ${service.signingName}:${operation} because no identity-based policy allows the ${service.signingName}:${operation} action`,
          );
        case 'throttle':
          throw new AwsError('ThrottlingException', 'Rate exceeded');
        case 'serverError':
          throw decision.status === 503
            ? new AwsError(
                'ServiceUnavailable',
                'Service is unavailable, try again later',
                503,
              )
            : new AwsError(
                'InternalFailure',
                'The request processing has failed because of an unknown error, exception or failure.',
                500,
              );
        case 'malformed':
          send(
            res,
            200,
            '{"__aws_local":"malformed", "Events": [{"EventId": ',
            requestId,
          );
          return;
        default:
          break;
      }
      if (operation === 'LookupEvents' && !limiter.tryTake(arKey)) {
        throw new AwsError('ThrottlingException', 'Rate exceeded');
      }
      let body: Record<string, unknown>;
      try {
        body = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        throw new AwsError(
          'SerializationException',
          'Start of structure or map found where not expected',
        );
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new AwsError(
          'SerializationException',
          'The request body must be a JSON object',
        );
      }
      const result = await service.operations[operation](
        {
          platform,
          accountId,
          region,
          tokens,
          queryCache,
          changes,
          aggregator,
          queues,
        },
        body,
      );
      // JSON.stringify leaves out undefined members such as a last page's NextToken.
      send(
        res,
        200,
        JSON.stringify(result),
        requestId,
        undefined,
        service.contentType,
      );
    } catch (e) {
      if (e instanceof AwsError) {
        sendError(res, e, requestId);
      } else {
        // An aws-local bug: still answer like AWS would.
        // eslint-disable-next-line no-console
        console.error('aws-local: unexpected error', e);
        sendError(res, new AwsError('InternalFailure', '', 500), requestId);
      }
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    platform,
    changes,
    aggregator,
    queues,
    eventQueueUrl: queues.urlOf(aggregator.accountId, COMPLIANCE_EVENTS_QUEUE),
    setFaults: f => faults.set(f),
    stats: () => ({
      total: stats.total,
      byOperation: { ...stats.byOperation },
      byAccountRegion: { ...stats.byAccountRegion },
      throttled: stats.throttled,
    }),
    resetStats: () => {
      stats = { total: 0, byOperation: {}, byAccountRegion: {}, throttled: 0 };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        queues.close();
        server.close(err => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
