import {
  PLATFORM_EXPORTS,
  fitName,
  pbcOfRoleName,
  queueNames,
  roleName,
  shortHash,
  topicArn,
  topicName,
  databaseSecurityGroupName,
  pbcResourceName,
} from './naming';
import { KEBAB_CASE, NAME_MAX_LENGTH, EVENT_MAX_LENGTH } from './spec';

const longName = (n: number, letter = 'a') =>
  `${letter}${'-b'.repeat(n)}`.slice(0, n);

describe('naming contract', () => {
  it('keeps topics of PBCs whose names differ across the dash apart', () => {
    expect(topicName('payment-payment', 'authorized', false)).not.toBe(
      topicName('payment', 'payment-authorized', false),
    );
    expect(topicName('payment', 'payment-authorized', true)).toBe(
      'pbc-payment_payment-authorized.fifo',
    );
  });

  it('keeps queues apart across the dash and within 80 characters', () => {
    const a = queueNames('cart', 'order-x', 'placed', false);
    const b = queueNames('cart', 'order', 'x-placed', false);
    expect(a.queue).not.toBe(b.queue);
    const long = queueNames(
      longName(NAME_MAX_LENGTH),
      longName(NAME_MAX_LENGTH, 'c'),
      longName(EVENT_MAX_LENGTH, 'd'),
      true,
    );
    expect(long.queue.length).toBeLessThanOrEqual(80);
    expect(long.deadLetterQueue.length).toBeLessThanOrEqual(80);
    expect(long.deadLetterQueue.endsWith('_dlq.fifo')).toBe(true);
    // The boundary matches pbc-<name>_*: a shortened name keeps its owner's prefix.
    expect(long.queue.startsWith(`pbc-${longName(NAME_MAX_LENGTH)}_`)).toBe(
      true,
    );
    expect(long.queue).not.toBe(
      queueNames(
        longName(NAME_MAX_LENGTH),
        longName(NAME_MAX_LENGTH, 'c'),
        longName(EVENT_MAX_LENGTH, 'e'),
        true,
      ).queue,
    );
  });

  it('never gives a PBC a derived name that is another PBC’s own name', () => {
    // pbc-<name>_db is not pbc-<other> for any kebab-case <other>.
    const db = databaseSecurityGroupName('cart');
    expect(KEBAB_CASE.test(db.slice('pbc-'.length))).toBe(false);
    expect(db).not.toBe(pbcResourceName('cart-db'));
  });

  it('reads the PBC back from its role name', () => {
    expect(pbcOfRoleName(roleName('gift-card'))).toBe('gift-card');
    expect(pbcOfRoleName('pbc-gift-card-execution')).toBeUndefined();
    expect(pbcOfRoleName('platform-admin')).toBeUndefined();
  });

  it('shortens with a stable hash', () => {
    expect(shortHash('abc')).toMatch(/^[0-9a-f]{8}$/);
    expect(shortHash('abc')).toBe(shortHash('abc'));
    expect(shortHash('abc')).not.toBe(shortHash('abd'));
    expect(fitName('x'.repeat(100), 50)).toHaveLength(50);
    expect(fitName('short', 50)).toBe('short');
  });

  it('builds a producer’s topic ARN in the producer’s account and Region', () => {
    expect(
      topicArn('order', 'order-placed', false, '333333333333', 'us-east-1'),
    ).toBe('arn:aws:sns:us-east-1:333333333333:pbc-order_order-placed');
    expect(topicArn('order', 'x', true, '333333333333', 'cn-north-1')).toMatch(
      /^arn:aws-cn:/,
    );
  });

  it('names every platform export platform-*, once', () => {
    const names = Object.values(PLATFORM_EXPORTS);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^platform-[a-z0-9-]+$/);
    }
  });
});
