import { ServiceUnavailableError } from '@backstage/errors';

/**
 * Bounds how many renders (synthesis, checks and cfn-lint) run at once, dry runs included: each
 * costs a CPU core and hundreds of megabytes for seconds. A few more wait their turn; beyond
 * that the caller gets a clear "busy, try again" instead of an ever longer queue.
 */
export class RenderLimiter {
  readonly #maxConcurrent: number;
  readonly #maxQueued: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(options: { maxConcurrent: number; maxQueued: number }) {
    if (!Number.isInteger(options.maxConcurrent) || options.maxConcurrent < 1) {
      throw new Error(
        `pbcScaffolder.render.maxConcurrent must be a whole number of at least 1, got ${options.maxConcurrent}`,
      );
    }
    if (!Number.isInteger(options.maxQueued) || options.maxQueued < 0) {
      throw new Error(
        `pbcScaffolder.render.maxQueued must be a whole number of at least 0, got ${options.maxQueued}`,
      );
    }
    this.#maxConcurrent = options.maxConcurrent;
    this.#maxQueued = options.maxQueued;
  }

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** Runs `fn` when a slot is free; refuses at once when the queue is full. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#maxConcurrent) {
      if (this.#waiting.length >= this.#maxQueued) {
        throw new ServiceUnavailableError(
          `The portal is rendering ${this.#running} PBC infrastructure${
            this.#running === 1 ? '' : 's'
          } with ${
            this.#waiting.length
          } more waiting (pbcScaffolder.render.maxConcurrent ${
            this.#maxConcurrent
          }, maxQueued ${this.#maxQueued}); try again in a minute`,
        );
      }
      await new Promise<void>(resolve => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await fn();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so the count never dips in between.
      if (next) next();
      else this.#running -= 1;
    }
  }
}
