import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
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
import { isCommercialRegion } from './regions';
import { unsafeTextReason, type SafeTextOptions } from './safeText';

const entityValidator = makeValidator();

/** A string that is safe to render anywhere (see {@link unsafeTextReason}). */
function safeString(options: SafeTextOptions = {}) {
  return z.string({ error: 'must be a string' }).superRefine((value, ctx) => {
    const reason = unsafeTextReason(value, options);
    if (reason) {
      ctx.addIssue({ code: 'custom', message: reason, abort: true });
    }
  });
}

function kebabName(what: string, min: number, max: number) {
  return safeString()
    .superRefine((value, ctx) => {
      if (value.includes('..') || value.includes('/') || value.includes('\\')) {
        ctx.addIssue({
          code: 'custom',
          message: "must not contain '..', '/' or '\\' (path traversal)",
          abort: true,
        });
      }
    })
    .refine(value => value.length >= min && value.length <= max, {
      message: `must be ${min} to ${max} characters long`,
      abort: true,
    })
    .refine(value => KEBAB_CASE.test(value), {
      message: `must be a lowercase kebab-case ${what} (a-z, 0-9 and single hyphens, starting with a letter)`,
    });
}

/** An entity ref of one kind, normalized to `kind:namespace/name`. */
function entityRefOf(kind: 'group' | 'system') {
  return safeString().transform((value, ctx) => {
    let ref;
    try {
      ref = parseEntityRef(value.trim(), {
        defaultKind: kind,
        defaultNamespace: 'default',
      });
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `must be an entity ref such as ${kind}:default/example`,
      });
      return z.NEVER;
    }
    if (ref.kind.toLocaleLowerCase('en-US') !== kind) {
      ctx.addIssue({
        code: 'custom',
        message: `must refer to a ${kind}, not a ${ref.kind}`,
      });
      return z.NEVER;
    }
    if (
      !entityValidator.isValidNamespace(ref.namespace) ||
      !entityValidator.isValidEntityName(ref.name)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `must be an entity ref such as ${kind}:default/example`,
      });
      return z.NEVER;
    }
    return stringifyEntityRef(ref);
  });
}

function uniqueList<T extends z.ZodType<string>>(item: T, max: number) {
  return z
    .array(item, { error: 'must be a list of strings' })
    .max(max, {
      message: `must have at most ${max} entries (CloudFormation's template size limit)`,
    })
    .refine(list => new Set(list).size === list.length, {
      message: 'must not contain duplicates',
    });
}

function oneOf(choices: readonly string[]): string {
  return `must be one of ${choices.map(choice => `'${choice}'`).join(', ')}`;
}

const eventName = kebabName('event name', EVENT_MIN_LENGTH, EVENT_MAX_LENGTH);

const consumedEvent = safeString().superRefine((value, ctx) => {
  const parts = value.split('.');
  const valid =
    parts.length === 2 &&
    KEBAB_CASE.test(parts[0]) &&
    parts[0].length >= NAME_MIN_LENGTH &&
    parts[0].length <= NAME_MAX_LENGTH &&
    KEBAB_CASE.test(parts[1]) &&
    parts[1].length >= EVENT_MIN_LENGTH &&
    parts[1].length <= EVENT_MAX_LENGTH;
  if (!valid) {
    ctx.addIssue({
      code: 'custom',
      message:
        "must be '<pbc>.<event>' with both parts lowercase kebab-case, e.g. 'order.order-placed'",
    });
  }
});

/**
 * The server-side contract of the `pbc` template's parameters. The form checks the same rules
 * with JSON schema for early feedback; this is what is enforced.
 */
export const pbcSpecSchema = z.strictObject(
  {
    name: kebabName('name', NAME_MIN_LENGTH, NAME_MAX_LENGTH),
    description: safeString({ multiline: true })
      .transform(value => value.trim())
      .refine(
        value => value.length > 0 && value.length <= DESCRIPTION_MAX_LENGTH,
        {
          message: `must be 1 to ${DESCRIPTION_MAX_LENGTH} characters long`,
        },
      ),
    owner: entityRefOf('group'),
    system: entityRefOf('system'),
    dataStore: z.enum(DATA_STORES, { error: oneOf(DATA_STORES) }),
    publishes: uniqueList(eventName, MAX_PUBLISHES).default([]),
    consumes: uniqueList(consumedEvent, MAX_CONSUMES).default([]),
    pciScope: z.boolean({ error: 'must be true or false' }).default(false),
    exposure: z.enum(EXPOSURES, { error: oneOf(EXPOSURES) }),
    awsAccountId: safeString().refine(value => /^[0-9]{12}$/.test(value), {
      message: 'must be exactly 12 digits',
    }),
    awsRegion: safeString().refine(isCommercialRegion, {
      message:
        'must be an AWS commercial Region code such as eu-west-1 (see the list in the README)',
    }),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys' ? undefined : 'must be an object',
  },
);

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, index) =>
      typeof part === 'number'
        ? `[${part}]`
        : `${index ? '.' : ''}${String(part)}`,
    )
    .join('');
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) {
      return undefined;
    }
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Validates the template's parameters into a {@link PbcSpec}, or throws an `InputError` whose
 * message names every offending field, e.g. `name: must be 3 to 40 characters long`.
 */
export function parsePbcSpec(input: unknown): PbcSpec {
  const result = pbcSpecSchema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `${issue.keys.join(', ')}: unknown parameter`;
    }
    const field = formatPath(issue.path);
    const message =
      issue.code === 'invalid_type' &&
      issue.path.length > 0 &&
      valueAt(input, issue.path) === undefined
        ? 'is required'
        : issue.message;
    return field ? `${field}: ${message}` : message;
  });
  throw new InputError(`Invalid PBC parameters: ${problems.join('; ')}`);
}
