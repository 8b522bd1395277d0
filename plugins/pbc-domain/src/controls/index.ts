import { Control } from '../types';
import { dataControls } from './data';
import { edgeControls } from './edge';
import { governanceControls } from './governance';
import { identityControls } from './identity';
import { messagingControls } from './messaging';
import { networkControls } from './network';
import { observabilityControls } from './observability';

// In the order of CONTROL_FAMILIES, which is the order the docs and the dashboard show.
const ALL = [
  ...identityControls,
  ...networkControls,
  ...messagingControls,
  ...dataControls,
  ...edgeControls,
  ...observabilityControls,
  ...governanceControls,
];

/**
 * The id of a control in the catalog, e.g. `'PBC-MSG-01'`: the union of the literal ids, so that
 * code naming a control (the scaffolder's checks) does not compile with an id that is not here.
 *
 * @public
 */
export type ControlId = (typeof ALL)[number]['id'];

/**
 * The controls of the reference architecture, one file per family. Ids are stable: retire a
 * control by removing it, never renumber or reuse an id.
 *
 * @public
 */
export const CONTROLS: ReadonlyArray<Control & { id: ControlId }> = ALL;

const ids = new Set<string>(ALL.map(control => control.id));

/** Whether a string (from a request, a stored row) is the id of a control in the catalog. @public */
export function isControlId(id: string): id is ControlId {
  return ids.has(id);
}
