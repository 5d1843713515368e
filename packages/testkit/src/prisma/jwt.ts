import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/**
 * Real-looking JWTs (HS256, base64url, iat/exp in seconds) so clients and redaction see the same shape
 * as Prisma Cloud's. The simulator keeps its own table of issued tokens; the signature only makes
 * forged or truncated tokens fail the way they would for real.
 */
export class JwtMinter {
  private readonly key = randomBytes(32);

  mint(claims: { sub: string; keyId: string; issuedAtMs: number; expiresAtMs: number }): string {
    const header = { alg: 'HS256', typ: 'JWT' };
    const payload = {
      sub: claims.sub,
      keyId: claims.keyId,
      iat: Math.floor(claims.issuedAtMs / 1000),
      exp: Math.floor(claims.expiresAtMs / 1000),
      jti: randomUUID(),
      iss: 'https://keyroll-sim.prismacloud.invalid',
    };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    return `${signingInput}.${this.sign(signingInput)}`;
  }

  verifySignature(token: string): boolean {
    const parts = token.split('.');
    if (parts.length !== 3) return false;
    return this.sign(`${parts[0]}.${parts[1]}`) === parts[2];
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
