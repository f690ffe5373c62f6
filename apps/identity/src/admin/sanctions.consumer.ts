/** Trust-safety's sanctions reach the account: suspended or expelled, sessions ended, the gateway told. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SanctionImposedV1, SanctionLiftedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { AccountAdminService } from './account-admin.service';

/**
 * A decision spree arrives as a burst: several accounts' sanctions are applied at once (their
 * transactions' round trips overlap), each account's in stream order (docs/performance.md, issue 4).
 */
const SANCTION_LANES = { lanes: 6, orderedBy: 'accountId' };

@Injectable()
export class SanctionsConsumer {
  constructor(private readonly accounts: AccountAdminService) {}

  // weop_sanctions_applied_total / weop_sanctions_lifted_total are counted by the durable consumer
  // (libs/messaging) once the transaction committed, here as in every service applying sanctions.
  @OnEvent(SanctionImposedV1.subject, SANCTION_LANES)
  async imposed(event: SanctionImposedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.accounts.applySanction(em, event);
  }

  @OnEvent(SanctionLiftedV1.subject, SANCTION_LANES)
  async lifted(event: SanctionLiftedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.accounts.liftSanction(em, event);
  }
}
