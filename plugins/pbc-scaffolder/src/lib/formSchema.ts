import {
  DATA_STORES,
  DESCRIPTION_MAX_LENGTH,
  EVENT_MAX_LENGTH,
  EVENT_MIN_LENGTH,
  EXPOSURES,
  KEBAB_CASE,
  MAX_CONSUMES,
  MAX_PUBLISHES,
  NAME_MAX_LENGTH,
  NAME_MIN_LENGTH,
  type PbcSpec,
} from '@pbc-portal/pbc-domain';
import { AWS_COMMERCIAL_REGIONS } from './regions';

/** KEBAB_CASE without its anchors, to compose patterns from. */
const KEBAB = KEBAB_CASE.source.replace(/^\^/, '').replace(/\$$/, '');

/**
 * The JSON-schema rules of the `pbc` template's form fields, derived from the domain's spec so
 * that the form's early feedback cannot drift from what parsePbcSpec enforces. Titles,
 * descriptions, widgets and defaults are the form's own and are not part of this.
 */
export function pbcSpecFormSchema(): {
  required: Array<keyof PbcSpec>;
  properties: Record<keyof PbcSpec, Record<string, unknown>>;
} {
  return {
    required: [
      'name',
      'description',
      'owner',
      'system',
      'dataStore',
      'pciScope',
      'exposure',
      'awsAccountId',
      'awsRegion',
    ],
    properties: {
      name: {
        type: 'string',
        pattern: `^${KEBAB}$`,
        minLength: NAME_MIN_LENGTH,
        maxLength: NAME_MAX_LENGTH,
      },
      description: {
        type: 'string',
        minLength: 1,
        maxLength: DESCRIPTION_MAX_LENGTH,
      },
      owner: { type: 'string' },
      system: { type: 'string' },
      dataStore: { type: 'string', enum: [...DATA_STORES] },
      publishes: {
        type: 'array',
        uniqueItems: true,
        maxItems: MAX_PUBLISHES,
        items: {
          type: 'string',
          pattern: `^${KEBAB}$`,
          minLength: EVENT_MIN_LENGTH,
          maxLength: EVENT_MAX_LENGTH,
        },
      },
      consumes: {
        type: 'array',
        uniqueItems: true,
        maxItems: MAX_CONSUMES,
        items: {
          type: 'string',
          // <pbc>.<event>, each kebab-case; the lookaheads bound the length of each part.
          pattern: `^(?=[a-z0-9-]{${NAME_MIN_LENGTH},${NAME_MAX_LENGTH}}\\.)${KEBAB}\\.(?=[a-z0-9-]{${EVENT_MIN_LENGTH},${EVENT_MAX_LENGTH}}$)${KEBAB}$`,
          maxLength: NAME_MAX_LENGTH + 1 + EVENT_MAX_LENGTH,
        },
      },
      pciScope: { type: 'boolean' },
      exposure: { type: 'string', enum: [...EXPOSURES] },
      awsAccountId: { type: 'string', pattern: '^[0-9]{12}$' },
      awsRegion: { type: 'string', enum: [...AWS_COMMERCIAL_REGIONS] },
    },
  };
}
