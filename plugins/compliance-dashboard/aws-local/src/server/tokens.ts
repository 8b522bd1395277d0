import { createHmac, randomBytes } from 'node:crypto';
import { invalidNextToken } from './errors';

/**
 * Opaque, stateless pagination tokens. A token carries a position and is
 * signed together with the operation, the caller's account and Region and the
 * request's filters, so a token is only accepted for the same query it came
 * from (as AWS requires), and tokens from another server instance are refused.
 */
export class TokenCodec {
  private readonly secret: Buffer;

  constructor(secret?: Buffer) {
    this.secret = secret ?? randomBytes(32);
  }

  private sign(scope: string, position: number): string {
    return createHmac('sha256', this.secret)
      .update(`${scope}\u0000${position}`)
      .digest('base64url')
      .slice(0, 22);
  }

  encode(scope: string, position: number): string {
    const pos = Buffer.from(String(position)).toString('base64url');
    return `${pos}.${this.sign(scope, position)}`;
  }

  /** The position in the token; throws InvalidNextTokenException if it was not issued for `scope`. */
  decode(scope: string, token: unknown): number {
    if (typeof token !== 'string' || token.length > 256)
      throw invalidNextToken();
    const [pos, sig, ...rest] = token.split('.');
    if (!pos || !sig || rest.length > 0) throw invalidNextToken();
    const position = Number(Buffer.from(pos, 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(position) || position < 0)
      throw invalidNextToken();
    if (sig !== this.sign(scope, position)) throw invalidNextToken();
    return position;
  }
}

/** A stable string for the parts of a request that must not change between pages. */
export function scopeOf(...parts: unknown[]): string {
  return JSON.stringify(parts);
}
