import type {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';

/** Groups whose members may create a PBC for any owner (as in the portal's permission policy). */
export const DEFAULT_PLATFORM_GROUPS = ['group:default/platform-team'];

/**
 * A PBC's owner reads its compliance data and answers for it, so only a member of the owner
 * group (or of a platform group) may create one in its name. Membership comes from the
 * initiator's ownership refs, the same the permission policy decides on.
 */
export async function checkInitiatorMayOwn(
  owner: string,
  options: {
    credentials: BackstageCredentials;
    userInfo: Pick<UserInfoService, 'getUserInfo'>;
    platformGroups: string[];
  },
): Promise<void> {
  const principal = options.credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  if (principal.type !== 'user' || !principal.userEntityRef) {
    throw new NotAllowedError(
      'owner: a PBC is created on behalf of a signed-in user, who must belong to its owner group',
    );
  }
  const { ownershipEntityRefs } = await options.userInfo.getUserInfo(
    options.credentials,
  );
  const refs = ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US'));
  const wanted = owner.toLocaleLowerCase('en-US');
  const allowed =
    refs.includes(wanted) ||
    options.platformGroups.some(group =>
      refs.includes(group.toLocaleLowerCase('en-US')),
    );
  if (!allowed) {
    const groups = ownershipEntityRefs.filter(ref => ref.startsWith('group:'));
    throw new NotAllowedError(
      `owner: ${
        principal.userEntityRef
      } is not a member of ${owner}; pick one of your groups (${
        groups.join(', ') || 'none'
      }) or ask a member of ${owner} or of the platform team`,
    );
  }
}
