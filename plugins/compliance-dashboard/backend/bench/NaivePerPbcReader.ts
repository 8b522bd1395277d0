import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  DescribeConformancePackComplianceCommand,
  GetConformancePackComplianceDetailsCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { AwsClientFactory } from '../src/aws/AwsClientFactory';
import { PbcTarget } from '../src/domain/pbcs';
import { Semaphore } from '../src/util/Semaphore';

/**
 * The approach this plugin avoids, for comparison: one set of AWS queries per
 * PBC, the way per-entity fact retrievers work. For each PBC:
 *
 * - SelectResourceConfig for its tag (`tags.tag = 'pbc=<name>'`), all pages;
 * - DescribeConformancePackCompliance and GetConformancePackComplianceDetails
 *   for its pack, all pages;
 * - LookupEvents for the window (write events), all pages, filtered to the
 *   PBC afterwards: CloudTrail cannot filter by tag.
 *
 * It shares the same clients (so the same LookupEvents limit of 2 per second
 * per account and Region and the same call counting).
 */
export class NaivePerPbcReader {
  constructor(
    private readonly clients: AwsClientFactory,
    private readonly concurrency = 8,
  ) {}

  async read(
    pbcs: PbcTarget[],
    window: { start: Date; end: Date },
  ): Promise<{ resources: number; evaluations: number; events: number }> {
    const limit = new Semaphore(this.concurrency);
    // CloudTrail is bound by the per account and Region quota, not by us:
    // every PBC's lookup waits its turn in the limiter.
    const totals = { resources: 0, evaluations: 0, events: 0 };
    await Promise.all(
      pbcs.map(async pbc => {
        await limit.run(() => this.#config(pbc, totals));
        await this.#cloudTrail(pbc, window, totals);
      }),
    );
    return totals;
  }

  async #config(
    pbc: PbcTarget,
    totals: { resources: number; evaluations: number },
  ) {
    const client = await this.clients.configClient(pbc.accountId, pbc.region);
    let token: string | undefined;
    do {
      const out = await client.send(
        new SelectResourceConfigCommand({
          Expression: `SELECT resourceId, resourceType, arn WHERE tags.tag = 'pbc=${pbc.pbc}'`,
          Limit: 100,
          NextToken: token,
        }),
      );
      totals.resources += out.Results?.length ?? 0;
      token = out.NextToken;
    } while (token);
    do {
      const out = await client.send(
        new DescribeConformancePackComplianceCommand({
          ConformancePackName: pbc.conformancePack,
          NextToken: token,
        }),
      );
      token = out.NextToken;
    } while (token);
    do {
      const out = await client.send(
        new GetConformancePackComplianceDetailsCommand({
          ConformancePackName: pbc.conformancePack,
          Limit: 100,
          NextToken: token,
        }),
      );
      totals.evaluations +=
        out.ConformancePackRuleEvaluationResults?.length ?? 0;
      token = out.NextToken;
    } while (token);
  }

  async #cloudTrail(
    pbc: PbcTarget,
    window: { start: Date; end: Date },
    totals: { events: number },
  ) {
    const client = await this.clients.cloudTrailClient(
      pbc.accountId,
      pbc.region,
    );
    const role = `pbc-${pbc.pbc}-role`;
    let token: string | undefined;
    do {
      const out = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
          ],
          StartTime: window.start,
          EndTime: window.end,
          MaxResults: 50,
          NextToken: token,
        }),
      );
      totals.events +=
        out.Events?.filter(e => e.CloudTrailEvent?.includes(role)).length ?? 0;
      token = out.NextToken;
    } while (token);
  }
}
