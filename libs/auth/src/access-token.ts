/** Verifying identity's access tokens: ES256 only, our issuer and audience, `typ: access`, not expired. */
import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ROLES } from '@weop/contracts';
import type { Principal, Role } from '@weop/contracts';

export const TOKEN_AUDIENCE = 'weop-api';
export const TOKEN_ISSUER = 'weop-identity';
export const SIGNING_KEYS = Symbol('SIGNING_KEYS');

/**
 * Where verification keys come from: identity's published public keys, by key id, as parsed key
 * objects (a PEM string would be parsed again on every request).
 */
export interface SigningKeyProvider {
  /** The key when it is already known, without waiting. */
  knownKey(kid: string): KeyObject | undefined;
  publicKeyFor(kid: string): Promise<KeyObject | undefined>;
}

interface AccessClaims {
  sub?: unknown;
  sid?: unknown;
  typ?: unknown;
  roles?: unknown;
  iat?: unknown;
  exp?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The principal a token names, or undefined when its claims are not an access token's. */
export function principalFromClaims(claims: AccessClaims): (Principal & { issuedAt: number; exp: number }) | undefined {
  if (claims.typ !== 'access') return undefined;
  if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) return undefined;
  if (typeof claims.sid !== 'string' || !UUID.test(claims.sid)) return undefined;
  if (!Array.isArray(claims.roles) || !claims.roles.every((r) => (ROLES as readonly unknown[]).includes(r))) return undefined;
  if (typeof claims.exp !== 'number') return undefined;
  return { accountId: claims.sub, sessionId: claims.sid, roles: claims.roles as Role[], issuedAt: Number(claims.iat) || 0, exp: claims.exp };
}

/** The key id in a JWT's header, if it has one. */
export const kidOf = (rawJwt: string): string | undefined => {
  try {
    const header = JSON.parse(Buffer.from(rawJwt.split('.')[0], 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
};

@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, 'access-token') {
  constructor(@Inject(SIGNING_KEYS) keys: SigningKeyProvider) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: ['ES256'],
      audience: TOKEN_AUDIENCE,
      issuer: TOKEN_ISSUER,
      ignoreExpiration: false,
      // passport-jwt's types say string | Buffer, but it hands the key to jsonwebtoken, which takes a KeyObject.
      secretOrKeyProvider: (_req: unknown, rawJwt: string, done: (err: unknown, key?: string) => void) => {
        const kid = kidOf(rawJwt);
        if (!kid) return done(null, undefined);
        const known = keys.knownKey(kid);
        if (known) return done(null, known as unknown as string);
        keys.publicKeyFor(kid).then(
          (key) => done(null, key as unknown as string),
          (error: unknown) => done(error),
        );
      },
    });
  }

  validate(claims: AccessClaims): Principal | false {
    return principalFromClaims(claims) ?? false;
  }
}
