/**
 * The one clock of the plugin: services, the runner and the caches read the
 * time only through it, so a test (or a bench) can set it.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
