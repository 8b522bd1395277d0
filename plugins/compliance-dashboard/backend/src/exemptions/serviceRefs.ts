import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { MovableClock, systemClock } from '../util/clock';
import { ExemptionListener, noopExemptionListener } from './events';
import { ExemptionStore } from './ExemptionStore';

/** The plugin's database of exemptions and their log. */
export const exemptionStoreServiceRef = createServiceRef<ExemptionStore>({
  id: 'compliance-dashboard.exemption-store',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { database: coreServices.database },
      factory: ({ database }) => ExemptionStore.create({ database }),
    }),
});

/**
 * Who hears of exemptions expiring soon and expired. The default tells
 * nobody; a notifications module replaces this factory.
 *
 * @public
 */
export const exemptionListenerServiceRef = createServiceRef<ExemptionListener>({
  id: 'compliance-dashboard.exemption-listener',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => noopExemptionListener,
    }),
});

/**
 * The plugin's clock: the system clock, or a movable one when
 * `complianceDashboard.testing.movableClock` is true (end-to-end runs only).
 */
export const pluginClockServiceRef = createServiceRef<{
  now: () => Date;
  movable?: MovableClock;
}>({
  id: 'compliance-dashboard.clock',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => {
        if (
          config.getOptionalBoolean('complianceDashboard.testing.movableClock')
        ) {
          const movable = new MovableClock();
          return { now: movable.now, movable };
        }
        return { now: systemClock };
      },
    }),
});
