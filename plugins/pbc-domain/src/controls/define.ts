import { Control, FamilyCode, PreventionCheck } from '../types';

/**
 * Keeps each control's id as a literal type (`const` type parameter), so that `ControlId` is the
 * union of the ids in the catalog and the compiler rejects an id that is not in it. The template
 * literal also rejects an id outside the `PBC-<FAM>-<NN>` shape.
 */
export function defineControls<const Id extends `PBC-${FamilyCode}-${string}`>(
  controls: ReadonlyArray<Control & { id: Id }>,
): ReadonlyArray<Control & { id: Id }> {
  return controls;
}

// Shorthands keep the data readable; the tests check that every id they produce is well formed.
export const nag = (rule: string): PreventionCheck => ({
  tool: 'cdk-nag',
  rule: `AwsSolutions-${rule}`,
});
export const lint = (rule: string): PreventionCheck => ({
  tool: 'cfn-lint',
  rule,
});
export const own = (controlId: string): PreventionCheck => ({
  tool: 'pbc-portal',
  rule: controlId,
});
