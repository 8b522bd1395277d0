import { Rng, createRng } from '../platform/random';

/**
 * Faults to inject, for tests and benchmarks. Rates are probabilities per
 * call; the random draws come from a PRNG seeded with `seed`, so a given
 * sequence of calls meets the same faults every time.
 *
 * @public
 */
export interface Faults {
  /** Share (0..1) of calls answered with ThrottlingException. */
  throttleRate?: number;
  /** Added latency per call, in milliseconds. */
  latencyMs?: number;
  /** Calls signed for these accounts get AccessDeniedException. */
  accessDeniedAccounts?: string[];
  /** Share (0..1) of calls answered with HTTP 500 InternalFailure or 503 ServiceUnavailable. */
  serverErrorRate?: number;
  /** The Nth call (1-based, counted from when these faults were set) and every later one fail with HTTP 500. */
  serverErrorAfterCalls?: number;
  /** Share (0..1) of calls answered with HTTP 200 and a body that is not valid JSON. */
  malformedRate?: number;
  /** Limit the faults to these operations, e.g. `['LookupEvents']`. */
  operations?: string[];
  /** Seed of the fault PRNG. Default 1. */
  seed?: number;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'accessDenied' }
  | { kind: 'throttle' }
  | { kind: 'serverError'; status: 500 | 503 }
  | { kind: 'malformed' };

function rate(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be between 0 and 1, got ${value}`);
  }
  return value;
}

export class FaultInjector {
  private faults: Faults = {};
  private rng: Rng = createRng(1);
  private calls = 0;

  set(faults: Faults) {
    rate('throttleRate', faults.throttleRate);
    rate('serverErrorRate', faults.serverErrorRate);
    rate('malformedRate', faults.malformedRate);
    if (faults.latencyMs !== undefined && !(faults.latencyMs >= 0)) {
      throw new RangeError(`latencyMs must be >= 0, got ${faults.latencyMs}`);
    }
    this.faults = { ...faults };
    this.rng = createRng(faults.seed ?? 1);
    this.calls = 0;
  }

  get(): Faults {
    return { ...this.faults };
  }

  applies(operation: string): boolean {
    const ops = this.faults.operations;
    return !ops || ops.length === 0 || ops.includes(operation);
  }

  latency(operation: string): number {
    return this.applies(operation) ? this.faults.latencyMs ?? 0 : 0;
  }

  /** What to do with this call, in a fixed order of precedence. */
  decide(operation: string, accountId: string): FaultDecision {
    if (!this.applies(operation)) return { kind: 'none' };
    this.calls++;
    const f = this.faults;
    // Draw every rate each call so one fault's setting does not shift the others' sequence.
    const throttle = this.rng.next() < (f.throttleRate ?? 0);
    const serverError = this.rng.next() < (f.serverErrorRate ?? 0);
    const unavailable = this.rng.next() < 0.5;
    const malformed = this.rng.next() < (f.malformedRate ?? 0);
    if (f.accessDeniedAccounts?.includes(accountId))
      return { kind: 'accessDenied' };
    if (
      f.serverErrorAfterCalls !== undefined &&
      this.calls >= f.serverErrorAfterCalls
    ) {
      return { kind: 'serverError', status: 500 };
    }
    if (throttle) return { kind: 'throttle' };
    if (serverError)
      return { kind: 'serverError', status: unavailable ? 503 : 500 };
    if (malformed) return { kind: 'malformed' };
    return { kind: 'none' };
  }
}

/**
 * A token bucket per key (account and Region): `rate` tokens a second, holding
 * at most `max(1, rate)` tokens, so a burst is as big as one second's quota.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get unlimited() {
    return !(this.perSecond > 0) || this.perSecond === Infinity;
  }

  tryTake(key: string): boolean {
    if (this.unlimited) return true;
    const capacity = Math.max(1, this.perSecond);
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(
      capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    return false;
  }
}
