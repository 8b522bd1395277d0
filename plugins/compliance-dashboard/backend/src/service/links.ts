/**
 * The resource's page in the AWS Config console (it exists for every
 * resource type Config records, which is every type we show).
 */
export function configConsoleUrl(resource: {
  region: string;
  resourceType: string;
  resourceId: string;
}): string {
  const region = encodeURIComponent(resource.region);
  const params = new URLSearchParams({
    resourceId: resource.resourceId,
    resourceType: resource.resourceType,
  });
  return `https://${region}.console.aws.amazon.com/config/home?region=${region}#/resources/details?${params}`;
}
