import { validParameters } from '../../__testUtils__/fixtures';
import { renderAndCheck } from './renderJob';
import { WorkerRenderer } from './WorkerRenderer';

jest.setTimeout(180_000);

/** The longest gap between ticks of a 10 ms timer while `work` runs. */
async function worstEventLoopGap(work: () => Promise<unknown>) {
  let last = Date.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  try {
    await work();
    // One more tick, so that a loop blocked until the end is counted.
    await new Promise(resolve => setTimeout(resolve, 30));
  } finally {
    clearInterval(timer);
  }
  return worst;
}

describe('WorkerRenderer', () => {
  const renderer = new WorkerRenderer();
  afterAll(() => renderer.close());

  it('renders what the patterns render, in a worker, while the event loop keeps ticking', async () => {
    // PCI scope: the heavier render (the PCI DSS nag pack runs too).
    const spec = validParameters({ name: 'basket', pciScope: true });
    // Warm the worker (loading the CDK), then measure a render of its own.
    await renderer.render(spec);
    let result: Awaited<ReturnType<typeof renderer.render>> | undefined;
    // Three renders in parallel (one worker each) against three in this thread.
    const gap = await worstEventLoopGap(async () => {
      [result] = await Promise.all([1, 2, 3].map(() => renderer.render(spec)));
    });
    const inThread = renderAndCheck(spec);
    expect(result!.rendered.stackName).toBe('pbc-basket');
    expect(result!.rendered.templateYaml).toBe(inThread.rendered.templateYaml);
    expect(result!.violations).toEqual(inThread.violations);
    // The same render in this thread blocks the loop for its whole duration.
    const blocked = await worstEventLoopGap(async () =>
      [1, 2, 3].map(() => renderAndCheck(spec)),
    );
    // The baseline must block measurably for the comparison to mean anything (about 75 ms a
    // render on this project's 2-core machines; the absolute time varies with the machine).
    expect(blocked).toBeGreaterThan(100);
    expect(gap).toBeLessThan(blocked / 2);
  });

  it('reports a render that throws as an error and keeps working', async () => {
    await expect(
      renderer.render({
        ...validParameters(),
        dataStore: 'punch-cards',
      } as any),
    ).rejects.toThrow();
    await expect(renderer.render(validParameters())).resolves.toHaveProperty(
      'rendered.stackName',
    );
  });
});
