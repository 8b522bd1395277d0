// A synthetic platform of many PBCs for the performance harness. Test-only.
import {
  CONTROL_FAMILIES,
  ControlFamily,
  SEVERITIES,
} from '@pbc-portal/pbc-domain';
import {
  PbcSummary,
  emptySeverityCounts,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { pbcSummary } from './fixtures';

const TEAMS = [
  'checkout-team',
  'payments-team',
  'catalog-team',
  'fulfilment-team',
  'customer-team',
  'platform-team',
];
const SYSTEMS = [
  'storefront',
  'checkout',
  'fulfilment',
  'customer',
  'platform',
];

/** A small deterministic generator, so every run sees the same platform. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * `count` PBC summaries with varied scores, failures, owners and staleness.
 * Each carries `failingByFamily`, the per-family counts the heatmap draws.
 */
export function largePlatform(count: number): PbcSummary[] {
  const next = random(7);
  return Array.from({ length: count }, (_, i) => {
    const name = `pbc-${String(i + 1).padStart(4, '0')}`;
    const failing = emptySeverityCounts();
    const byFamily = Object.fromEntries(
      CONTROL_FAMILIES.map(f => [f, 0]),
    ) as Record<ControlFamily, number>;
    const failures = Math.floor(next() * 8);
    for (let f = 0; f < failures; f++) {
      failing[SEVERITIES[Math.floor(next() * SEVERITIES.length)]] += 1;
      byFamily[
        CONTROL_FAMILIES[Math.floor(next() * CONTROL_FAMILIES.length)]
      ] += 1;
    }
    const score = failures === 0 ? 100 : Math.max(20, 100 - failures * 9);
    const stale = next() < 0.02;
    return pbcSummary({
      name,
      title: `PBC ${i + 1}`,
      owner: `group:default/${TEAMS[i % TEAMS.length]}`,
      system: `system:default/${SYSTEMS[i % SYSTEMS.length]}`,
      awsAccountId: String(100000000000 + (i % 40)),
      score,
      failingControls: failing,
      failingByFamily: byFamily,
      failingControlCount: failures,
      riskyEvents: Math.floor(next() * 4),
      staleness: stale
        ? {
            stale: true,
            reason: 'ThrottlingException: Rate exceeded',
            accountId: String(100000000000 + (i % 40)),
            region: 'eu-west-1',
          }
        : { stale: false },
    });
  });
}
