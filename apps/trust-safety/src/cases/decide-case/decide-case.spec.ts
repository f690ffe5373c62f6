import { DomainError } from '@weop/contracts';
import type { DecisionRequest, Principal } from '@weop/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Outbox } from '@weop/messaging';
import { TrustSafetyConfig } from '../../trust-safety.config';
import type { CasesRepository } from '../cases.repository';
import type { SubjectVisibilityService } from '../subject-visibility';
import { DecideCaseUseCase } from './decide-case.use-case';

const moderator: Principal = { accountId: 'm', sessionId: 's', roles: ['member', 'moderator'] };
const member: Principal = { accountId: 'x', sessionId: 's', roles: ['member'] };
// The rules below are checked before any database work: a transaction would mean a rule was skipped.
const noDatabase = { fork: () => { throw new Error('no database expected'); } } as unknown as EntityManager;
const useCase = new DecideCaseUseCase(noDatabase, {} as Outbox, {} as CasesRepository, {} as SubjectVisibilityService, new TrustSafetyConfig());

async function problem(caller: Principal, input: Partial<DecisionRequest>): Promise<string> {
  try {
    await useCase.execute(caller, 'case', { action: 'warn', guideline: 'respect', statement: 'Because', ...input });
  } catch (error) {
    if (error instanceof DomainError) return error.code === 'VALIDATION_FAILED' ? (error.details[0] as { field: string }).field : error.code;
    throw error;
  }
  return 'none';
}

describe('deciding a case', () => {
  it('is for moderators only', async () => {
    expect(await problem(member, {})).toBe('FORBIDDEN');
  });

  it('needs a duration to suspend, and takes one only then', async () => {
    expect(await problem(moderator, { action: 'suspend' })).toBe('durationDays');
    expect(await problem(moderator, { action: 'warn', durationDays: 3 })).toBe('durationDays');
  });

  it('removes content alongside a sanction only', async () => {
    expect(await problem(moderator, { action: 'dismiss', removeContent: true })).toBe('removeContent');
    expect(await problem(moderator, { action: 'remove-content', removeContent: true })).toBe('removeContent');
  });
});
