import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type { Platform } from '@pbc-portal/aws-local';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { AwsComplianceReader } from '../aws/AwsComplianceReader';
import {
  ComplianceDashboardConfig,
  readComplianceDashboardConfig,
} from '../config';

/**
 * Test and benchmark helpers. Not exported from the package's main entry:
 * tests import them by path.
 */

/** The catalog entities of a generated platform's PBCs, with owner relations. */
export function platformEntities(platform: Platform): Entity[] {
  return platform.pbcs.map(pbc => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: pbc.name,
      namespace: 'default',
      title: pbc.title,
      annotations: {
        'pbc-portal.io/pbc': pbc.name,
        'pbc-portal.io/aws-account-id': pbc.accountId,
        'pbc-portal.io/aws-region': pbc.region,
        'pbc-portal.io/conformance-pack': pbc.conformancePack,
        'pbc-portal.io/pci-scope': String(pbc.pciScope),
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: pbc.owner,
      system: pbc.system,
    },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${pbc.owner}` },
      { type: 'partOf', targetRef: `system:default/${pbc.system}` },
    ],
  }));
}

/** Root config with static per-account keys for the local endpoint. */
export function localAwsRootConfig(
  platform: { accounts: Array<{ id: string; accessKeyId: string }> },
  url: string,
  extra: JsonObject = {},
): JsonObject {
  return {
    aws: {
      accounts: platform.accounts.map(a => ({
        accountId: a.id,
        accessKeyId: a.accessKeyId,
        secretAccessKey: 'local-secret',
      })),
    },
    complianceDashboard: {
      ...extra,
      aws: {
        endpoint: url,
        maxAttempts: 4,
        ...((extra.aws as object) ?? {}),
      },
    },
  };
}

export function localReader(rootConfig: JsonObject): {
  reader: AwsComplianceReader;
  clients: AwsClientFactory;
  config: ComplianceDashboardConfig;
} {
  const config = new ConfigReader(rootConfig);
  const settings = readComplianceDashboardConfig(config);
  const clients = new AwsClientFactory({
    credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
    config: settings.aws,
  });
  return {
    reader: new AwsComplianceReader(clients),
    clients,
    config: settings,
  };
}
