/** argon2id hashing at or above OWASP's floor, with a constant-time path for unknown accounts. */
import { Algorithm, hash, verify } from '@node-rs/argon2';

export class PasswordHasher {
  private dummy?: Promise<string>;

  constructor(private readonly cost: { memoryKib: number; timeCost: number }) {}

  hash(password: string): Promise<string> {
    return hash(password, {
      algorithm: Algorithm.Argon2id,
      memoryCost: this.cost.memoryKib,
      timeCost: this.cost.timeCost,
      parallelism: 1,
    });
  }

  async verify(hashed: string | undefined, password: string): Promise<boolean> {
    // For an unknown email, verify against a throwaway hash so the answer takes as long as a real one.
    this.dummy ??= this.hash('not-a-real-password-for-timing');
    const target = hashed || (await this.dummy);
    try {
      return (await verify(target, password)) && Boolean(hashed);
    } catch {
      return false;
    }
  }
}
