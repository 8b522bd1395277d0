import { LoggerService } from '@backstage/backend-plugin-api';
import { Exemption } from '@pbc-portal/plugin-compliance-dashboard-common';
import { ExemptionNotifier } from '../notifications/exemptionNotices';
import { ExemptionListener } from './events';

/**
 * The sweep's listener that also tells the PBC's owner group: `base` (the
 * plugin's listener service) first, then the notice. The owner is the one the
 * current snapshot shows; a PBC without one (or gone from the catalog) gets no
 * notice, which is logged, since nobody could receive it.
 */
export function notifyingExemptionListener(options: {
  base: ExemptionListener;
  notifier: ExemptionNotifier;
  ownerOf: (entityRef: string) => Promise<string | undefined>;
  logger: LoggerService;
}): ExemptionListener {
  const { base, notifier, ownerOf, logger } = options;
  const tell = async (
    exemption: Exemption,
    send: ExemptionNotifier['exemptionExpired'],
  ) => {
    const ownerGroupRef = await ownerOf(exemption.entityRef).catch(
      () => undefined,
    );
    if (!ownerGroupRef) {
      logger.warn(
        `Exemption ${exemption.id} of ${exemption.entityRef}: no owner in the current snapshot, nobody notified`,
      );
      return;
    }
    await send({
      pbcEntityRef: exemption.entityRef,
      ownerGroupRef,
      controlId: exemption.controlId,
      expiresAt: exemption.expiresAt,
      reason: exemption.reason,
    });
  };
  return {
    async expiringSoon(exemption) {
      await base.expiringSoon(exemption);
      await tell(exemption, n => notifier.exemptionExpiringSoon(n));
    },
    async expired(exemption) {
      await base.expired(exemption);
      await tell(exemption, n => notifier.exemptionExpired(n));
    },
  };
}
