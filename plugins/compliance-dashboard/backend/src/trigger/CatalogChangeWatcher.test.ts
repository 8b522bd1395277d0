import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { readComplianceDashboardConfig } from '../config';
import { toPbcTarget } from '../domain/pbcs';
import { pbcEntity } from '../__testUtils__/testTargets';
import {
  CatalogChangeWatcher,
  PbcPlacement,
  placementsOf,
} from './CatalogChangeWatcher';

/** A catalog whose entities the test changes, read as the plugin reads it. */
function fakeCatalog(initial: Entity[] = []) {
  const catalog = {
    entities: initial,
    reads: 0,
    failing: false,
    list: async (): Promise<PbcPlacement[]> => {
      catalog.reads += 1;
      if (catalog.failing) throw new Error('catalog unavailable');
      return placementsOf(catalog.entities, e => {
        const r = toPbcTarget(e);
        return r.ok ? r.target : undefined;
      });
    },
  };
  return catalog;
}

describe('CatalogChangeWatcher', () => {
  it('asks for a refresh once when PBCs appear, and not again until they change', async () => {
    const catalog = fakeCatalog();
    const watcher = new CatalogChangeWatcher({ listPlacements: catalog.list });
    const requests: number[] = [];
    const request = async () => requests.push(requests.length);

    // Start: the first refresh read an empty catalog, the catalog is empty.
    watcher.refreshLoaded([]);
    expect(await watcher.check(request)).toBe('unchanged');

    catalog.entities = [pbcEntity('cart'), pbcEntity('search')];
    expect(await watcher.check(request)).toBe('requested');
    // Queued but not run yet: no second request for the same set.
    expect(await watcher.check(request)).toBe('already-requested');
    expect(requests).toHaveLength(1);

    // The refresh ran and read the two PBCs.
    watcher.refreshLoaded(await catalog.list());
    expect(await watcher.check(request)).toBe('unchanged');

    // A PBC that moves to another account needs AWS data: a change.
    catalog.entities = [
      pbcEntity('cart', { accountId: '222222222222' }),
      pbcEntity('search'),
    ];
    expect(await watcher.check(request)).toBe('requested');
    // A removed PBC is a change too.
    watcher.refreshLoaded(await catalog.list());
    catalog.entities = [pbcEntity('search')];
    expect(await watcher.check(request)).toBe('requested');
    expect(requests).toHaveLength(3);
  });

  it('does not count an entity the refresh would skip, nor a new title', async () => {
    const broken = pbcEntity('broken');
    delete broken.metadata.annotations!['pbc-portal.io/aws-account-id'];
    const catalog = fakeCatalog([pbcEntity('cart')]);
    const watcher = new CatalogChangeWatcher({ listPlacements: catalog.list });
    watcher.refreshLoaded(await catalog.list());
    const request = jest.fn(async () => {});

    catalog.entities = [pbcEntity('cart'), broken];
    expect(await watcher.check(request)).toBe('unchanged');
    const retitled = pbcEntity('cart');
    retitled.metadata.title = 'Shopping cart';
    catalog.entities = [retitled];
    expect(await watcher.check(request)).toBe('unchanged');
    expect(request).not.toHaveBeenCalled();
  });

  it('asks again at the next poll when the request or the catalog failed', async () => {
    const errors: unknown[] = [];
    const catalog = fakeCatalog([pbcEntity('cart')]);
    const watcher = new CatalogChangeWatcher({
      listPlacements: catalog.list,
      onError: e => errors.push(e),
    });
    catalog.failing = true;
    expect(await watcher.check(async () => {})).toBe('catalog-failed');
    catalog.failing = false;
    expect(
      await watcher.check(async () => {
        throw new Error('database down');
      }),
    ).toBe('request-failed');
    expect(await watcher.check(async () => {})).toBe('requested');
    expect(errors).toHaveLength(2);
  });

  it('puts the PBCs on the page within 60 s when the catalog is late (default poll, fake clock)', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const { schedule, catalogPoll } = readComplianceDashboardConfig(
        new ConfigReader({}),
      );
      const catalog = fakeCatalog();
      const watcher = new CatalogChangeWatcher({
        listPlacements: catalog.list,
      });
      // What the page shows: the PBCs of the last refresh.
      let onPage: string[] = [];
      const refresh = async () => {
        const loaded = watcher.refreshLoaded(await catalog.list());
        onPage = loaded.map(p => p.entityRef);
      };
      let pageReadyAt: number | undefined;

      // The scheduled refresh: first run after the initial delay, then a
      // whole interval later (15 minutes).
      const initialDelayMs =
        ((schedule.initialDelay as { seconds: number }).seconds ?? 0) * 1000;
      setTimeout(() => void refresh(), initialDelayMs);
      // The catalog processes its locations after the first refresh ran.
      setTimeout(() => {
        catalog.entities = [pbcEntity('cart'), pbcEntity('search')];
      }, 25_000);
      setInterval(
        () =>
          void watcher.check(async () => {
            await refresh();
            pageReadyAt ??= Date.now();
          }),
        catalogPoll!.seconds * 1000,
      );

      await jest.advanceTimersByTimeAsync(60_000);
      expect(onPage).toEqual([
        'component:default/cart',
        'component:default/search',
      ]);
      expect(pageReadyAt).toBeLessThanOrEqual(60_000);
      // Polls are cheap catalog reads, not refreshes.
      expect(catalog.reads).toBeGreaterThanOrEqual(4);
    } finally {
      jest.useRealTimers();
    }
  });
});
