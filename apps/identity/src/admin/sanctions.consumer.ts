/** Trust-safety's sanctions reach the account: suspended or expelled, sessions ended, the gateway told. */
import { Injectable } from '@nestjs/common';
import type { Db } from '@weop/persistence';
import { SanctionImposedV1, SanctionLiftedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { AccountAdminService, sanctionArrivalStatements, sanctionLiftStatements } from './account-admin.service';

/**
 * A decision spree arrives as a burst: several accounts' sanctions are applied at once (their
 * transactions' round trips overlap), each account's in stream order, each in a SqlTransaction of two
 * round trips: opened with the inbox row, the account's lock and the sanction's record (`first`), then the
 * status and its event with the commit (docs/performance.md, issue 4).
 */
const SANCTION_LANES = { lanes: 6, orderedBy: 'accountId', transaction: 'sql' } as const;

@Injectable()
export class SanctionsConsumer {
  constructor(private readonly accounts: AccountAdminService) {}

  // weop_sanctions_applied_total / weop_sanctions_lifted_total are counted by the durable consumer
  // (libs/messaging) once the transaction committed, here as in every service applying sanctions.
  @OnEvent(SanctionImposedV1.subject, { ...SANCTION_LANES, first: (event: SanctionImposedV1) => sanctionArrivalStatements(event) })
  async imposed(event: SanctionImposedV1, { db, first }: { db: Db; first?: unknown[][] }): Promise<void> {
    await this.accounts.applySanction(db, event, first);
  }

  @OnEvent(SanctionLiftedV1.subject, { ...SANCTION_LANES, first: (event: SanctionLiftedV1) => sanctionLiftStatements(event) })
  async lifted(event: SanctionLiftedV1, { db, first }: { db: Db; first?: unknown[][] }): Promise<void> {
    await this.accounts.liftSanction(db, event, first);
  }
}
