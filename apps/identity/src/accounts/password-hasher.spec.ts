import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher({ memoryKib: 19456, timeCost: 2 });

  it('hashes with argon2id at OWASP\'s floor (m=19 MiB, t=2, p=1), salted', async () => {
    const a = await hasher.hash('Tbilisi-rain-2023-violet');
    const b = await hasher.hash('Tbilisi-rain-2023-violet');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password only, and never an unknown account', async () => {
    const hashed = await hasher.hash('Tbilisi-rain-2023-violet');
    expect(await hasher.verify(hashed, 'Tbilisi-rain-2023-violet')).toBe(true);
    expect(await hasher.verify(hashed, 'tbilisi-rain-2023-violet')).toBe(false);
    // No hash (unknown email): checked against a throwaway hash for equal timing, and always false.
    expect(await hasher.verify(undefined, 'not-a-real-password-for-timing')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
  });
});
