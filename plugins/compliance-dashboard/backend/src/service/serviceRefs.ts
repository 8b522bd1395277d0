import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { createComplianceReader } from '../aws/createReader';
import { ComplianceReader } from '../aws/types';
import { readComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { readIdentityPolicy } from '../domain/identity';
import { ComplianceService } from './ComplianceService';
import { createPbcIdentityLoader } from './pbcIdentity';
import { catalogChangeWatcherServiceRef } from '../trigger/catalogWatchServiceRef';
import { readExemptionSettings } from '../exemptions/config';
import {
  exemptionStoreServiceRef,
  pluginClockServiceRef,
} from '../exemptions/serviceRefs';

/**
 * Reads AWS Config and CloudTrail per account and Region. The default reads
 * the real AWS APIs (or `complianceDashboard.aws.endpoint`) with credentials
 * from the `aws` integration config; replace it to read from elsewhere.
 *
 * @public
 */
export const complianceReaderServiceRef = createServiceRef<ComplianceReader>({
  id: 'compliance-dashboard.reader',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
      },
      async factory({ config, lifecycle, logger }) {
        const settings = readComplianceDashboardConfig(config);
        const clients = new AwsClientFactory({
          credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
          config: settings.aws,
        });
        lifecycle.addShutdownHook(() => clients.destroy());
        return createComplianceReader(clients, settings.aws, logger);
      },
    }),
});

/**
 * The compliance dashboard's service: refreshes and the routes' reads.
 *
 * @public
 */
export const complianceDashboardServiceRef =
  createServiceRef<ComplianceService>({
    id: 'compliance-dashboard.service',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          database: coreServices.database,
          scheduler: coreServices.scheduler,
          auth: coreServices.auth,
          catalog: catalogServiceRef,
          reader: complianceReaderServiceRef,
          catalogWatcher: catalogChangeWatcherServiceRef,
          exemptionStore: exemptionStoreServiceRef,
          clock: pluginClockServiceRef,
        },
        async factory({
          config,
          logger,
          database,
          scheduler,
          auth,
          catalog,
          reader,
          catalogWatcher,
          exemptionStore,
          clock,
        }) {
          const store = await ComplianceStore.create({ database });
          const identity = createPbcIdentityLoader({
            catalog,
            auth,
            logger,
            policy: readIdentityPolicy(config),
          });
          return new ComplianceService({
            store,
            reader,
            config: readComplianceDashboardConfig(config),
            logger,
            scheduler,
            loadPbcs: async () =>
              catalogWatcher.refreshLoaded(await identity.targets()),
            loadIdentityConflicts: () => identity.conflicts(),
            callCount: reader.requestCount
              ? () => reader.requestCount!()
              : undefined,
            now: clock.now,
            exemptions: {
              active: () =>
                exemptionStore.listActive(clock.now().toISOString()),
              countTowardsScore:
                readExemptionSettings(config).countTowardsScore,
            },
          });
        },
      }),
  });
