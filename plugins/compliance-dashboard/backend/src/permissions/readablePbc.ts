import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { ComplianceService } from '../service/ComplianceService';
import { PbcAccess } from '../service/PbcAccess';
import { canReadPbc, resolvePbcAccess } from './access';

/**
 * The caller's access to PBCs, or NotAllowedError if the policy denies all
 * reads. The one path the REST API and the assistant actions share.
 */
export async function pbcAccessOrThrow(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
}): Promise<PbcAccess> {
  const result = await resolvePbcAccess(options);
  if (result.denied) {
    throw new NotAllowedError(
      'Not allowed to read compliance data (compliance-dashboard.read)',
    );
  }
  return result.access;
}

/**
 * The entity ref of a PBC the caller may read, by (kind,) namespace and
 * name. Permission comes before existence: a PBC the caller may not read
 * and one that does not exist throw the same NotFoundError.
 */
export async function readablePbcRef(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  service: ComplianceService;
  ref: { kind?: string; namespace: string; name: string };
}): Promise<string> {
  const { permissions, credentials, service, ref } = options;
  await pbcAccessOrThrow({ permissions, credentials });
  const known = await service.resolvePbcRef(ref).catch(error => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  // Asked for a missing PBC too (its would-be ref), so that both answers
  // take the same path.
  const entityRef =
    known ??
    `${ref.kind ?? 'component'}:${ref.namespace}/${ref.name}`.toLowerCase();
  const allowed = await canReadPbc({ permissions, credentials, entityRef });
  if (!known || !allowed) {
    throw new NotFoundError(
      `No PBC '${ref.kind ? `${ref.kind}:` : ''}${ref.namespace}/${
        ref.name
      }' with compliance data that you may read`,
    );
  }
  return known;
}
