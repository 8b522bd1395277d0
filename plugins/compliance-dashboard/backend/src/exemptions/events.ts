import { Exemption } from '@pbc-portal/plugin-compliance-dashboard-common';

/**
 * Told by the scheduled sweep (see ExemptionService.sweep) when an approved
 * exemption nears its end and when it has ended. Each call happens once per
 * exemption: the sweep records the step before calling. A failing listener is
 * logged and does not undo the step.
 */
export interface ExemptionListener {
  /** An approved exemption ends within {@link EXPIRING_SOON_DAYS} days. */
  expiringSoon(exemption: Exemption): Promise<void>;
  /** An exemption (approved, or still requested) passed its expiry. */
  expired(exemption: Exemption): Promise<void>;
}

/** How long before its end an exemption counts as expiring soon. */
export const EXPIRING_SOON_DAYS = 7;

/** The default: nobody is told (notifications plug in here). */
export const noopExemptionListener: ExemptionListener = {
  async expiringSoon() {},
  async expired() {},
};
