import { InputError } from '@backstage/errors';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { parseConsumedEvent, queueNames } from '@pbc-portal/pbc-domain';

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

/**
 * Rejects a spec the patterns cannot render into valid names. The scaffolder validates the form
 * first; this guards the library when it is called directly (re-rendering, tests).
 */
export function assertRenderableSpec(spec: PbcSpec): void {
  const problems: string[] = [];
  if (!KEBAB.test(spec.name) || spec.name.length < 3 || spec.name.length > 40) {
    problems.push(`name '${spec.name}' must be kebab-case, 3 to 40 characters`);
  }
  if (!['none', 'dynamodb', 'aurora-postgresql'].includes(spec.dataStore)) {
    problems.push(
      `dataStore '${spec.dataStore}' is not none, dynamodb or aurora-postgresql`,
    );
  }
  if (!['public', 'internal'].includes(spec.exposure)) {
    problems.push(`exposure '${spec.exposure}' is not public or internal`);
  }
  if (typeof spec.pciScope !== 'boolean') {
    problems.push('pciScope must be a boolean');
  }
  if (!/^\d{12}$/.test(spec.awsAccountId)) {
    problems.push(`awsAccountId '${spec.awsAccountId}' must be 12 digits`);
  }
  if (!REGION.test(spec.awsRegion)) {
    problems.push(`awsRegion '${spec.awsRegion}' is not a Region code`);
  }
  const published = new Set<string>();
  for (const event of spec.publishes) {
    if (!KEBAB.test(event) || event.length > 64) {
      problems.push(
        `published event '${event}' must be kebab-case, at most 64 characters`,
      );
    }
    if (published.has(event)) {
      problems.push(`published event '${event}' is listed twice`);
    }
    published.add(event);
  }
  const consumed = new Set<string>();
  for (const entry of spec.consumes) {
    const { producer, event } = parseConsumedEvent(entry);
    if (
      !entry.includes('.') ||
      !KEBAB.test(producer) ||
      producer.length > 40 ||
      !KEBAB.test(event) ||
      event.length > 64
    ) {
      problems.push(
        `consumed event '${entry}' must be <pbc>.<event> in kebab-case`,
      );
    } else if (producer === spec.name) {
      problems.push(`consumed event '${entry}' is the PBC's own event`);
    }
    if (consumed.has(entry)) {
      problems.push(`consumed event '${entry}' is listed twice`);
    }
    consumed.add(entry);
  }
  // `pbc-<name>-<producer>-<event>` is ambiguous across the dash (a-b.c, a.b-c).
  const queues = new Map<string, string>();
  for (const entry of new Set(spec.consumes)) {
    const { producer, event } = parseConsumedEvent(entry);
    const { queue } = queueNames(spec.name, producer, event, spec.pciScope);
    const other = queues.get(queue);
    if (other) {
      problems.push(
        `consumed events '${other}' and '${entry}' would share the queue ${queue}`,
      );
    }
    queues.set(queue, entry);
  }
  if (problems.length > 0) {
    throw new InputError(
      `The PBC spec cannot be rendered: ${problems.join('; ')}`,
    );
  }
}
