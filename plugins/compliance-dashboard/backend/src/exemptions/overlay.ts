import { CONTROL_FAMILIES, ControlFamily } from '@pbc-portal/pbc-domain';
import {
  computeScoreWithExemptions,
  ControlExemption,
  ControlResult,
  Exemption,
  PbcDetail,
  PbcSummary,
} from '@pbc-portal/plugin-compliance-dashboard-common';

/**
 * Exemptions applied where results are read, not written: the stored
 * snapshot keeps what AWS said; the answer shows what is exempt, and counts
 * it per `countTowardsScore` (see computeScoreWithExemptions).
 */

export function toControlExemption(e: Exemption): ControlExemption {
  return {
    exemptionId: e.id,
    controlId: e.controlId,
    expiresAt: e.expiresAt,
    reason: e.reason,
    ...(e.resourceIds ? { resourceIds: e.resourceIds } : {}),
  };
}

/** A PBC's detail with its approved exemptions (those of other PBCs are ignored). */
export function exemptDetail(
  detail: PbcDetail,
  active: Exemption[],
  countTowardsScore: boolean,
): PbcDetail {
  const own = active.filter(e => e.entityRef === detail.summary.entityRef);
  if (own.length === 0) return detail;
  // A whole-control exemption wins over one for named resources.
  const byControl = new Map<string, Exemption>();
  for (const e of own) {
    const known = byControl.get(e.controlId);
    if (!known || (known.resourceIds && !e.resourceIds)) {
      byControl.set(e.controlId, e);
    }
  }
  const controls: ControlResult[] = detail.controls.map(c => {
    const e = byControl.get(c.controlId);
    return e ? { ...c, exemption: toControlExemption(e) } : c;
  });
  const resourceExemption = (resourceId: string, controlIds: string[]) =>
    own.find(
      e =>
        controlIds.includes(e.controlId) &&
        (!e.resourceIds || e.resourceIds.includes(resourceId)),
    );
  return {
    ...detail,
    controls,
    nonCompliantResources: detail.nonCompliantResources.map(r => {
      const e = resourceExemption(r.resourceId, r.controlIds);
      return e ? { ...r, exemptionId: e.id } : r;
    }),
    summary: exemptSummary(detail.summary, controls, own, countTowardsScore),
  };
}

/**
 * A summary recounted from the PBC's controls: whole-control exemptions of
 * failing controls leave the failing counts, and the score is recomputed.
 * `controls` carry `exemption` as exemptDetail sets it.
 */
export function exemptSummary(
  summary: PbcSummary,
  controls: ControlResult[],
  own: Exemption[],
  countTowardsScore: boolean,
): PbcSummary {
  const exemptFailing = controls.filter(
    c => c.status === 'failing' && c.exemption && !c.exemption.resourceIds,
  );
  const failingControls = { ...summary.failingControls };
  const failingByFamily = {
    ...emptyFamilies(),
    ...summary.failingByFamily,
  };
  for (const c of exemptFailing) {
    failingControls[c.severity] = Math.max(0, failingControls[c.severity] - 1);
    failingByFamily[c.family] = Math.max(0, failingByFamily[c.family] - 1);
  }
  return {
    ...summary,
    score: computeScoreWithExemptions(
      controls.map(c => ({
        severity: c.severity,
        status: c.status,
        exempt: Boolean(c.exemption && !c.exemption.resourceIds),
      })),
      countTowardsScore,
    ),
    failingControls,
    failingByFamily,
    failingControlCount: Math.max(
      0,
      summary.failingControlCount - exemptFailing.length,
    ),
    exemptControlCount: exemptFailing.length,
    exemptions: own.map(toControlExemption),
  };
}

function emptyFamilies(): Record<ControlFamily, number> {
  return Object.fromEntries(CONTROL_FAMILIES.map(f => [f, 0])) as Record<
    ControlFamily,
    number
  >;
}
