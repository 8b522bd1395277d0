/**
 * Spaces calls per key (an account and Region) so that no more than `rate`
 * start in any one-second window. No burst: CloudTrail's LookupEvents quota
 * is 2 per second per account and Region, and a burst would only buy
 * throttling errors and retries.
 */
export class RateLimiter {
  readonly #intervalMs: number;
  readonly #nextSlot = new Map<string, number>();
  #waits = 0;

  constructor(ratePerSecond: number, options?: { marginMs?: number }) {
    if (!(ratePerSecond > 0)) {
      throw new Error(`Rate must be positive, got ${ratePerSecond}`);
    }
    // A small margin absorbs clock and network jitter between us and the
    // server's own window.
    this.#intervalMs = 1000 / ratePerSecond + (options?.marginMs ?? 20);
  }

  /** Resolves when the caller may start its call. */
  async acquire(key: string, signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.#nextSlot.get(key) ?? 0);
    this.#nextSlot.set(key, slot + this.#intervalMs);
    const wait = slot - now;
    if (wait > 0) {
      this.#waits += 1;
      await sleep(wait, signal);
    }
  }

  /** How many calls had to wait, for the benchmark's report. */
  get waits(): number {
    return this.#waits;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    function onAbort() {
      clearTimeout(timer);
      reject(abortError(signal!));
    }
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) {
    return reason;
  }
  const error = new Error('The refresh was aborted');
  error.name = 'AbortError';
  return error;
}
