/**
 * Reporters as moderators see them: a pseudonym stable within a case ("Reporter 7KQ2M4"), made with a
 * key that never leaves trust-safety's database, so it can be neither reversed nor matched across cases.
 */
import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { serviceSecret } from '@weop/persistence';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

@Injectable()
export class PseudonymService {
  private key?: Buffer;
  private loading?: Promise<void>;

  constructor(private readonly em: EntityManager) {}

  /** Reads the key once, creating it on first start (replicas racing: the first insert wins). */
  init(): Promise<void> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    this.key = await serviceSecret(this.em, 'pseudonym_key');
  }

  of(caseId: string, reporterId: string): string {
    if (!this.key) throw new Error('PseudonymService.init() has not run');
    const digest = createHmac('sha256', this.key).update(`${caseId}:${reporterId}`).digest();
    let name = '';
    for (let i = 0; i < 6; i++) name += ALPHABET[digest[i] % ALPHABET.length];
    return `Reporter ${name}`;
  }
}
