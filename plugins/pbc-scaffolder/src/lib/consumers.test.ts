import { InputError } from '@backstage/errors';
import { describeConsumers, describePublishers } from './consumers';

describe('describeConsumers', () => {
  it('derives file names, identifiers and queue variables', () => {
    expect(
      describeConsumers(['cart.cart-checked-out', 'gift-card.card-issued']),
    ).toEqual([
      {
        id: 'cart.cart-checked-out',
        producer: 'cart',
        event: 'cart-checked-out',
        fileName: 'cart-cart-checked-out',
        identifier: 'cartCartCheckedOut',
        typeName: 'CartCartCheckedOut',
        queueUrlEnv: 'QUEUE_URL_CART_CART_CHECKED_OUT',
      },
      {
        id: 'gift-card.card-issued',
        producer: 'gift-card',
        event: 'card-issued',
        fileName: 'gift-card-card-issued',
        identifier: 'giftCardCardIssued',
        typeName: 'GiftCardCardIssued',
        queueUrlEnv: 'QUEUE_URL_GIFT_CARD_CARD_ISSUED',
      },
    ]);
  });

  it('refuses two events that would share a consumer file', () => {
    expect(() =>
      describeConsumers(['gift-card.issued', 'gift.card-issued']),
    ).toThrow(InputError);
    expect(() =>
      describeConsumers(['gift-card.issued', 'gift.card-issued']),
    ).toThrow(
      /consumes: 'gift-card.issued' and 'gift.card-issued' would generate the same consumer file src\/consumers\/gift-card-issued.ts/,
    );
  });

  it('returns nothing for no consumed events', () => {
    expect(describeConsumers([])).toEqual([]);
  });
});

describe('describePublishers', () => {
  it('derives the envelope type, identifier and topic variable', () => {
    expect(
      describePublishers('gift-card', ['giftcard-issued', 'card-expired']),
    ).toEqual([
      {
        event: 'giftcard-issued',
        type: 'gift-card.giftcard-issued',
        identifier: 'giftcardIssued',
        topicArnEnv: 'TOPIC_ARN_GIFTCARD_ISSUED',
      },
      {
        event: 'card-expired',
        type: 'gift-card.card-expired',
        identifier: 'cardExpired',
        topicArnEnv: 'TOPIC_ARN_CARD_EXPIRED',
      },
    ]);
  });
});
