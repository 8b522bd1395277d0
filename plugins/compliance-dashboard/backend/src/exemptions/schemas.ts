import { z } from 'zod';

const entityRef = z
  .string()
  .regex(
    /^[a-z0-9-]+:[a-zA-Z0-9._-]+\/[a-zA-Z0-9._-]+$/,
    'must be an entity ref like component:default/cart',
  )
  .transform(ref => ref.toLocaleLowerCase('en-US'));

const text = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(2000, `${what} is at most 2000 characters`);

const STATES = [
  'requested',
  'approved',
  'rejected',
  'revoked',
  'expired',
] as const;

export const exemptionRequestSchema = z
  .strictObject({
    entityRef,
    controlId: z.string().min(1).max(64),
    resourceIds: z
      .array(z.string().trim().min(1).max(1024))
      .max(100)
      .optional(),
    reason: text('reason'),
    // A date is midnight UTC of that day.
    expiresAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
    }),
  })
  .transform(body => ({ ...body, expiresAt: new Date(body.expiresAt) }));

export const exemptionDecisionSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  comment: text('comment'),
});

export const exemptionRevokeSchema = z.strictObject({
  comment: text('comment'),
});

export const exemptionListQuerySchema = z.strictObject({
  entityRef: entityRef.optional(),
  state: z.enum(STATES).optional(),
});

export const exemptionIdSchema = z.strictObject({ id: z.uuid() });

/** The end-to-end clock: an offset from the system clock, not cumulative. */
export const clockBodySchema = z.strictObject({
  offsetDays: z.number().min(-3650).max(3650),
});
