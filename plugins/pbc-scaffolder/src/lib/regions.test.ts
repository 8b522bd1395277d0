import { RegionInfo } from 'aws-cdk-lib/region-info';
import { AWS_COMMERCIAL_REGIONS, isCommercialRegion } from './regions';

describe('AWS_COMMERCIAL_REGIONS', () => {
  it('lists only Regions the AWS CDK knows in the aws partition', () => {
    const known = new Map(RegionInfo.regions.map(r => [r.name, r.partition]));
    for (const region of AWS_COMMERCIAL_REGIONS) {
      expect([region, known.get(region)]).toEqual([region, 'aws']);
    }
  });

  it('has no duplicates', () => {
    expect(new Set(AWS_COMMERCIAL_REGIONS).size).toBe(
      AWS_COMMERCIAL_REGIONS.length,
    );
  });

  it('refuses other partitions and typos', () => {
    expect(isCommercialRegion('eu-west-1')).toBe(true);
    expect(isCommercialRegion('us-gov-west-1')).toBe(false);
    expect(isCommercialRegion('cn-north-1')).toBe(false);
    expect(isCommercialRegion('eu-west-4')).toBe(false);
  });
});
