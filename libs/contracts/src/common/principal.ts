import type { Role } from './reference-data';

/** Who is calling: set by the gateway from a verified access token, carried to services in a NATS header. */
export interface Principal {
  accountId: string;
  sessionId: string;
  roles: Role[];
}

/** NATS header names the platform uses. */
export const Headers = {
  correlationId: 'x-correlation-id',
  principal: 'x-weop-principal',
  clientAddress: 'x-weop-client-address',
  userAgent: 'x-weop-user-agent',
} as const;
