import { RateLimiter } from './RateLimiter';

describe('RateLimiter', () => {
  it('spaces calls per key and lets other keys through', async () => {
    const limiter = new RateLimiter(10, { marginMs: 0 });
    const started = Date.now();
    const times: Record<string, number[]> = { a: [], b: [] };
    await Promise.all(
      [0, 1, 2, 3].flatMap(() => [
        limiter.acquire('a').then(() => times.a.push(Date.now() - started)),
        limiter.acquire('b').then(() => times.b.push(Date.now() - started)),
      ]),
    );
    for (const key of ['a', 'b']) {
      const sorted = times[key].sort((x, y) => x - y);
      expect(sorted[0]).toBeLessThan(50);
      // Four calls at 10 a second take at least 300 ms.
      expect(sorted[3]).toBeGreaterThanOrEqual(290);
    }
    expect(limiter.waits).toBe(6);
  });

  it('stops waiting when aborted', async () => {
    const limiter = new RateLimiter(1);
    await limiter.acquire('k');
    const controller = new AbortController();
    const waiting = limiter.acquire('k', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
  });
});
