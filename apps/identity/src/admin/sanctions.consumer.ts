/** Trust-safety's sanctions reach the account: suspended or expelled, sessions ended, the gateway told. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SanctionImposedV1, SanctionLiftedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { AccountAdminService } from './account-admin.service';

@Injectable()
export class SanctionsConsumer {
  constructor(private readonly accounts: AccountAdminService) {}

  @OnEvent(SanctionImposedV1.subject)
  async imposed(event: SanctionImposedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.accounts.applySanction(em, event);
  }

  @OnEvent(SanctionLiftedV1.subject)
  async lifted(event: SanctionLiftedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.accounts.liftSanction(em, event);
  }
}
