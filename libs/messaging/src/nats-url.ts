/**
 * NATS_URL may carry the service's NATS user and password (`nats://identity:secret@nats:4222`), so a
 * deployment hands each service one secret. The nats client takes credentials only as options, not
 * from the URL, so they are split off here; every place that connects passes what this returns.
 */
export interface NatsServerOptions {
  servers: string[];
  user?: string;
  pass?: string;
}

export function natsServerOptions(natsUrl: string): NatsServerOptions {
  let user: string | undefined;
  let pass: string | undefined;
  const servers = natsUrl
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const url = new URL(entry);
      if (url.username) {
        user = decodeURIComponent(url.username);
        pass = decodeURIComponent(url.password);
      }
      return `${url.protocol}//${url.host}`;
    });
  return user === undefined ? { servers } : { servers, user, pass };
}
