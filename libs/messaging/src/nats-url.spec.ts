// Unit tests for natsServerOptions: credentials in NATS_URL become client options, never part of the server address.
import { natsServerOptions } from './nats-url';

describe('natsServerOptions', () => {
  it('passes a URL without credentials through', () => {
    expect(natsServerOptions('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
  });

  it('takes the user and password out of the URL', () => {
    expect(natsServerOptions('nats://identity:s3cr%40t@nats:4222')).toEqual({ servers: ['nats://nats:4222'], user: 'identity', pass: 's3cr@t' });
  });

  it('reads a comma-separated list of servers, as the NATS cluster gives', () => {
    expect(natsServerOptions('nats://content:pw@nats-0.nats:4222, nats://content:pw@nats-1.nats:4222')).toEqual({
      servers: ['nats://nats-0.nats:4222', 'nats://nats-1.nats:4222'],
      user: 'content',
      pass: 'pw',
    });
  });

  it('keeps tls:// servers', () => {
    expect(natsServerOptions('tls://gateway:pw@nats.example:4222').servers).toEqual(['tls://nats.example:4222']);
  });
});
