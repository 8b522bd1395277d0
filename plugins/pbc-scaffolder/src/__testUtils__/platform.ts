import type { PlatformParams } from '../patterns/platform';

/** Platform parameters the tests render with; any account, fake prefix lists. */
export const PLATFORM_PARAMS: PlatformParams = {
  awsAccountId: '123456789012',
  awsRegion: 'eu-west-1',
  organizationId: 'o-abcdefghij',
  s3PrefixListId: 'pl-6da54004',
  dynamodbPrefixListId: 'pl-6fa54006',
};
