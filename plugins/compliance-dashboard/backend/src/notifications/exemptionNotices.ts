import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { findControl } from '@pbc-portal/pbc-domain';
import { pbcTabLink, TOPICS } from './messages';

/** What the owners are told about an exemption that ends. */
export interface ExemptionNotice {
  /** The exempted PBC, e.g. component:default/cart. */
  pbcEntityRef: string;
  /** Its owner group, who receives the notice, e.g. group:default/team-cart. */
  ownerGroupRef: string;
  controlId: string;
  /** ISO time the exemption ends. */
  expiresAt: string;
  /** Why it was granted. */
  reason: string;
}

/** Sends the two exemption notices; wired to the exemptions' expiry listener. */
export interface ExemptionNotifier {
  /** The exemption ends within days: renew it or fix the control. */
  exemptionExpiringSoon(notice: ExemptionNotice): Promise<void>;
  /** The exemption has ended: the control counts again. */
  exemptionExpired(notice: ExemptionNotice): Promise<void>;
}

function parsed(notice: ExemptionNotice) {
  const pbc = parseEntityRef(notice.pbcEntityRef);
  const owner = parseEntityRef(notice.ownerGroupRef);
  if (Number.isNaN(Date.parse(notice.expiresAt))) {
    throw new Error(
      `Exemption notice for ${notice.pbcEntityRef}: expiresAt '${notice.expiresAt}' is not a time`,
    );
  }
  return {
    pbc: {
      entityRef: notice.pbcEntityRef,
      kind: pbc.kind,
      namespace: pbc.namespace,
      name: pbc.name,
    },
    owner: stringifyEntityRef(owner),
    control: findControl(notice.controlId),
    day: new Date(notice.expiresAt).toISOString().slice(0, 10),
  };
}

/**
 * The exemption notices. Each has a scope per exemption and notice, so a
 * sweeper that tells the same exemption twice updates one notification.
 */
export function createExemptionNotifier(options: {
  notifications: NotificationService;
}): ExemptionNotifier {
  const send = async (
    notice: ExemptionNotice,
    which: 'expiring' | 'expired',
  ) => {
    const { pbc, owner, control, day } = parsed(notice);
    const what = `${notice.controlId}${control ? ` ${control.title}` : ''}`;
    await options.notifications.send({
      recipients: { type: 'entity', entityRef: owner },
      payload: {
        title:
          which === 'expiring'
            ? `${pbc.name}: exemption for ${notice.controlId} ends on ${day}`
            : `${pbc.name}: exemption for ${notice.controlId} has ended`,
        description:
          which === 'expiring'
            ? `The exemption of ${what} ends on ${day}. Reason given: ${notice.reason}. Ask for a new one or fix the control before then.`
            : `The exemption of ${what} ended on ${day}; the control counts again. Reason given: ${notice.reason}.`,
        link: pbcTabLink(pbc),
        severity: which === 'expiring' ? 'normal' : 'high',
        topic: TOPICS.exemption,
        scope: `compliance-dashboard:exemption:${notice.pbcEntityRef}:${notice.controlId}:${notice.expiresAt}:${which}`,
        metadata: {
          entityRef: notice.pbcEntityRef,
          controlId: notice.controlId,
          expiresAt: notice.expiresAt,
        },
      },
    });
  };
  return {
    exemptionExpiringSoon: notice => send(notice, 'expiring'),
    exemptionExpired: notice => send(notice, 'expired'),
  };
}
