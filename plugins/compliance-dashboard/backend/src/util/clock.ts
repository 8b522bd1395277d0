/**
 * The one clock of the plugin: services, the runner and the caches read the
 * time only through it, so a test (or a bench) can set it.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * The system clock moved by an offset: what the end-to-end run uses to let an
 * exemption expire (`complianceDashboard.testing.movableClock`, refused in
 * production by the backend's preflight).
 */
export class MovableClock {
  #offsetMs = 0;

  readonly now: Clock = () => new Date(Date.now() + this.#offsetMs);

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Sets the offset from the system clock (not cumulative). */
  setOffset(ms: number): void {
    this.#offsetMs = ms;
  }
}
