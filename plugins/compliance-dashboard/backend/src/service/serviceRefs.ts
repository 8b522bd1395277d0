import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { AwsComplianceReader } from '../aws/AwsComplianceReader';
import { ComplianceReader } from '../aws/types';
import { readComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { loadPbcsFromCatalog } from './catalogPbcs';
import { ComplianceService } from './ComplianceService';

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
      },
      async factory({ config, lifecycle }) {
        const settings = readComplianceDashboardConfig(config);
        const clients = new AwsClientFactory({
          credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
          config: settings.aws,
        });
        lifecycle.addShutdownHook(() => clients.destroy());
        return new AwsComplianceReader(clients, {
          conformancePackListTtlMs:
            settings.aws.conformancePackListMinutes * 60000,
        });
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
        },
        async factory({
          config,
          logger,
          database,
          scheduler,
          auth,
          catalog,
          reader,
        }) {
          const store = await ComplianceStore.create({ database });
          return new ComplianceService({
            store,
            reader,
            config: readComplianceDashboardConfig(config),
            logger,
            scheduler,
            loadPbcs: () => loadPbcsFromCatalog(catalog, auth, logger),
            callCount: reader.requestCount
              ? () => reader.requestCount!()
              : undefined,
          });
        },
      }),
  });
