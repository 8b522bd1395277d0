import { InputError } from '@backstage/errors';
import { CONTROL_FAMILIES, SEVERITIES } from '@pbc-portal/pbc-domain';
import { PbcListQuery } from '@pbc-portal/plugin-compliance-dashboard-common';
import { z } from 'zod';

/** `?a=x&a=y` and `?a=x,y` both give `['x', 'y']`. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(value => {
    if (value === undefined) return undefined;
    const values = Array.isArray(value) ? value : [value];
    return values
      .flatMap(v => (typeof v === 'string' ? v.split(',') : [v]))
      .map(v => (typeof v === 'string' ? v.trim() : v))
      .filter(v => v !== '');
  }, z.array(item).max(100).optional());

const entityRef = z
  .string()
  .regex(
    /^[a-z0-9-]+:[a-zA-Z0-9._-]+\/[a-zA-Z0-9._-]+$/,
    'must be an entity ref like group:default/team-a',
  );

const integer = (min: number, max: number) =>
  z.coerce.number().int().min(min).max(max);

const filterShape = {
  owner: list(entityRef),
  system: list(entityRef),
  severity: list(z.enum(SEVERITIES as [string, ...string[]])),
  family: list(z.enum(CONTROL_FAMILIES as [string, ...string[]])),
  stale: z.enum(['true', 'false']).optional(),
  search: z.string().max(200).optional(),
  sort: z
    .enum([
      'score',
      'name',
      'failing',
      'risky',
      'owner',
      'system',
      'lastRefresh',
    ])
    .optional(),
  order: z.enum(['asc', 'desc']).optional(),
};

type FilterInput = z.output<z.ZodObject<typeof filterShape>>;

const toQuery = <T extends FilterInput>(
  q: T,
): PbcListQuery & Omit<T, keyof FilterInput> => ({
  ...q,
  severity: q.severity as PbcListQuery['severity'],
  family: q.family as PbcListQuery['family'],
  stale: q.stale === undefined ? undefined : q.stale === 'true',
});

export const pbcListQuerySchema = z
  .strictObject({
    ...filterShape,
    offset: integer(0, 1_000_000).optional(),
    limit: integer(1, 500).optional(),
  })
  .transform(toQuery);

/** The export takes the list's filters and sort, without paging. */
export const exportQuerySchema = z.strictObject(filterShape).transform(toQuery);

// Catalog naming rules: a letter or digit, then letters, digits, . _ -.
const name = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/, 'invalid name');
const kind = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, 'invalid kind');

export const entityPathSchema = z.strictObject({ namespace: name, name });

export const pbcKindQuerySchema = z.strictObject({ kind: kind.optional() });

export const teamKindQuerySchema = z.strictObject({ kind: kind.optional() });

export const emptyQuerySchema = z.strictObject({});

export const refreshIdSchema = z.strictObject({ id: z.uuid() });

/** Parses or throws an InputError whose message says what was wrong. */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`,
    );
  }
  return result.data;
}
