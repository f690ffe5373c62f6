/** Trust-safety's sanctions reach the account: suspended or expelled, sessions ended, the gateway told. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SanctionImposedV1, SanctionLiftedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import type { EventContext } from '@weop/messaging';
import { Metrics } from '@weop/observability';
import { AccountAdminService } from './account-admin.service';

/**
 * A decision spree arrives as a burst: several accounts' sanctions are applied at once (their
 * transactions' round trips overlap), each account's in stream order (docs/performance.md, issue 4).
 */
const SANCTION_LANES = { lanes: 6, orderedBy: 'accountId' };

@Injectable()
export class SanctionsConsumer {
  constructor(
    private readonly accounts: AccountAdminService,
    private readonly metrics: Metrics,
  ) {}

  @OnEvent(SanctionImposedV1.subject, SANCTION_LANES)
  async imposed(event: SanctionImposedV1, { em, afterCommit }: Pick<EventContext<SanctionImposedV1>, 'afterCommit'> & { em: EntityManager }): Promise<void> {
    await this.accounts.applySanction(em, event);
    // Counted once it is committed: a retried or duplicate delivery is not a second sanction.
    afterCommit?.(() => this.metrics.sanctionsApplied.inc({ kind: event.kind }));
  }

  @OnEvent(SanctionLiftedV1.subject, SANCTION_LANES)
  async lifted(event: SanctionLiftedV1, { em, afterCommit }: Pick<EventContext<SanctionLiftedV1>, 'afterCommit'> & { em: EntityManager }): Promise<void> {
    await this.accounts.liftSanction(em, event);
    afterCommit?.(() => this.metrics.sanctionsLifted.inc({ reason: event.reason }));
  }
}
