/** Rotating identity's signing key: new tokens work at once, old ones until they expire, no private key left behind. */
import { generateKeyPairSync } from 'node:crypto';
import { Client } from 'pg';
import { given } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

const newKeyPem = (): string => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const kidOf = (jwt: string): string => (JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()) as { kid: string }).kid;

describe('signing key rotation', () => {
  let platform: Platform;
  let api: Api;
  let the: ReturnType<typeof given>;

  beforeAll(async () => {
    platform = await startPlatform('keys');
    api = client(platform.baseUrl);
    the = given(api);
  });
  afterAll(() => platform.close());

  const rotateTo = async (pem: string): Promise<void> => {
    await platform.stopIdentity();
    await platform.startIdentity({ WEOP_JWT_PRIVATE_KEY: pem });
  };

  it('moves from the generated key to configured ones, each with its own key id', async () => {
    const member = await the.member();
    const generated = member.accessToken;

    await rotateTo(newKeyPem());
    const first = await the.signIn(member.email, member.password);
    expect(kidOf(first.accessToken)).not.toBe(kidOf(generated));
    expect((await api('GET', '/api/v1/me', { token: first.accessToken })).status).toBe(200);
    // A token signed before the rotation still works until it expires.
    expect((await api('GET', '/api/v1/me', { token: generated })).status).toBe(200);

    await rotateTo(newKeyPem());
    const second = await the.signIn(member.email, member.password);
    expect(kidOf(second.accessToken)).not.toBe(kidOf(first.accessToken));
    expect((await api('GET', '/api/v1/me', { token: second.accessToken })).status).toBe(200);

    // No private key is kept in the database once keys come from configuration.
    const db = new Client({ connectionString: await platform.scope.database('identity') });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: string }>("select count(*) as n from signing_key where private_key_pem <> ''");
      expect(Number(rows[0].n)).toBe(0);
    } finally {
      await db.end();
    }
  });
});
