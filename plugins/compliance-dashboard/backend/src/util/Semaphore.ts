/** Runs at most `limit` async jobs at a time, in arrival order. */
export class Semaphore {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#limit) {
      await new Promise<void>(resolve => this.#waiting.push(resolve));
    } else {
      this.#active += 1;
    }
    try {
      return await job();
    } finally {
      const next = this.#waiting.shift();
      if (next) {
        // The slot passes straight to the next job.
        next();
      } else {
        this.#active -= 1;
      }
    }
  }
}
