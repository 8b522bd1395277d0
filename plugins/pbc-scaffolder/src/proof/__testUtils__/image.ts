import { createHash } from 'node:crypto';
import { SERVICE_NAMES } from '../../lib/serviceNames';

/**
 * The image a PBC stack's `ImageUri` parameter gets in the proofs: one of the PBC's own ECR
 * repository by digest, as the deploy workflow passes it. The digest is made up (stable per
 * PBC); nothing pulls it.
 */
export function proofImageUri(pbc: string, account: string, region: string): string {
  const digest = createHash('sha256').update(pbc).digest('hex');
  return `${account}.dkr.ecr.${region}.amazonaws.com/${SERVICE_NAMES.repository(pbc)}@sha256:${digest}`;
}
