import { ServiceUnavailableError } from '@backstage/errors';
import { RenderLimiter } from './RenderLimiter';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>(resolve => {
    open = resolve;
  });
  return { open, opened };
}

describe('RenderLimiter', () => {
  it('runs at most maxConcurrent at once, queues maxQueued, refuses the rest as busy', async () => {
    const limiter = new RenderLimiter({ maxConcurrent: 2, maxQueued: 1 });
    const gates = [gate(), gate(), gate()];
    let active = 0;
    let peak = 0;
    const job = (g: ReturnType<typeof gate>) => () =>
      (async () => {
        active += 1;
        peak = Math.max(peak, active);
        await g.opened;
        active -= 1;
        return 'done';
      })();

    const running = gates.map(g => limiter.run(job(g)));
    await new Promise(r => setImmediate(r));
    expect([limiter.running, limiter.queued]).toEqual([2, 1]);

    const refused = limiter.run(async () => 'never');
    await expect(refused).rejects.toThrow(ServiceUnavailableError);
    await expect(refused).rejects.toThrow(
      /rendering 2 PBC infrastructures with 1 more waiting .*try again/,
    );

    gates.forEach(g => g.open());
    await expect(Promise.all(running)).resolves.toEqual([
      'done',
      'done',
      'done',
    ]);
    expect(peak).toBe(2);
    expect([limiter.running, limiter.queued]).toEqual([0, 0]);
  });

  it('frees the slot when a render fails', async () => {
    const limiter = new RenderLimiter({ maxConcurrent: 1, maxQueued: 0 });
    await expect(
      limiter.run(async () => {
        throw new Error('synthesis failed');
      }),
    ).rejects.toThrow('synthesis failed');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it.each([
    [{ maxConcurrent: 0, maxQueued: 1 }, /maxConcurrent/],
    [{ maxConcurrent: 1, maxQueued: -1 }, /maxQueued/],
    [{ maxConcurrent: 1.5, maxQueued: 1 }, /maxConcurrent/],
  ])('refuses the setting %j', (options, message) => {
    expect(() => new RenderLimiter(options)).toThrow(message);
  });
});
