/**
 * Access tokens: ES256 JWTs of at most 15 minutes, `typ: access`, audience `weop-api`, naming the
 * account (`sub`), the session (`sid`) and the roles. Only identity holds the private key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@weop/auth';
import type { Role, SigningKeySet } from '@weop/contracts';
import { IdentityConfig } from '../identity.config';
import { SigningKeysRepository } from './signing-keys.repository';


/** A key's id is a digest of its public key: a new key always gets a new id. */
export const keyIdOf = (spkiDer: Buffer): string => createHash('sha256').update(spkiDer).digest('base64url').slice(0, 27);

interface ActiveKey {
  kid: string;
  privateKeyPem: string;
}

@Injectable()
export class TokenService {
  private readonly jwt = new JwtService();
  private active?: ActiveKey;

  constructor(
    private readonly keys: SigningKeysRepository,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  /** Loads the signing key, creating it on first start; from config when one is given. */
  async init(): Promise<void> {
    if (this.config.WEOP_JWT_PRIVATE_KEY) {
      const privateKey = createPrivateKey(this.config.WEOP_JWT_PRIVATE_KEY.replace(/\\n/g, '\n'));
      const publicKey = createPublicKey(privateKey);
      const kid = keyIdOf(publicKey.export({ type: 'spki', format: 'der' }));
      this.active = { kid, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
      // Only the public half of a configured key is stored; every other key retires.
      await this.keys.makeConfiguredKeyCurrent(kid, publicKey.export({ type: 'spki', format: 'pem' }).toString());
      return;
    }
    let key = await this.keys.current();
    if (!key) {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      key = await this.keys.adoptGenerated({
        kid: keyIdOf(pair.publicKey.export({ type: 'spki', format: 'der' })),
        privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      });
    }
    this.active = { kid: key.kid, privateKeyPem: key.privateKeyPem };
  }

  get ttlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  issueAccessToken(claims: { accountId: string; sessionId: string; roles: Role[] }): string {
    if (!this.active) throw new Error('TokenService.init() has not run');
    return this.jwt.sign(
      { typ: 'access', sid: claims.sessionId, roles: claims.roles },
      {
        privateKey: this.active.privateKeyPem,
        algorithm: 'ES256',
        keyid: this.active.kid,
        expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
        audience: TOKEN_AUDIENCE,
        issuer: TOKEN_ISSUER,
        subject: claims.accountId,
        jwtid: randomUUID(),
      },
    );
  }

  /** Public keys, retired ones included until the tokens they signed have expired. */
  async publicKeys(): Promise<SigningKeySet> {
    const cutoff = new Date(Date.now() - this.config.ACCESS_TOKEN_TTL_SECONDS * 1000 * 2);
    const keys = await this.keys.published(cutoff);
    return { keys: keys.map((k) => ({ kid: k.kid, alg: 'ES256' as const, publicKeyPem: k.publicKeyPem })) };
  }
}
