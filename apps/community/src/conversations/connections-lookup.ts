/**
 * Whether two members are connections: a first message from anyone else lands in her requests.
 * Connections are the connections feature's (`apps/community/src/connections`); this token lets
 * messages ask without owning that table. The module binds it to `ConnectionsRepository`;
 * `NoConnections` (nobody connected, every first contact a request: the safe side) is for tests of
 * messages alone.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface ConnectionsLookup {
  areConnected(em: EntityManager, a: string, b: string): Promise<boolean>;
}

export const CONNECTIONS_LOOKUP = Symbol('CONNECTIONS_LOOKUP');

@Injectable()
export class NoConnections implements ConnectionsLookup {
  areConnected(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
