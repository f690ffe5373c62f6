#!/usr/bin/env node
/*
 * deploy/nats-authorization.js — the NATS users of a WEOP deployment and what each may publish and
 * subscribe to, rendered as the `authorization` block the NATS cluster includes
 * (deploy/k8s/base/nats/auth.conf). Regenerate after changing this file:
 *
 *   node deploy/nats-authorization.js > deploy/k8s/base/nats/auth.conf
 *
 * test/deploy/nats-authorization.spec.ts fails when auth.conf is stale, and proves the rules on a real
 * nats-server: every event subject in libs/contracts (EVENTS) is publishable by its producer's user
 * and by no other, requests only by the gateway, and each app's real JetStream paths work under them.
 *
 * Why each rule (subjects as libs/messaging names them, with no WEOP_NATS_NAMESPACE):
 *   <service>.>                      its events: the outbox relay publishes them into its own stream
 *   dead-letter.<service>.>          events its consumers gave up on (Naming.deadLetter)
 *   _INBOX.>                         answers to requests (a service) — requesters wait on inboxes
 *   rpc.>                            requests to every service, health pings included (the gateway only),
 *                                    except the operators' requests `rpc.*.ops.>` (denied: they carry no
 *                                    signed-in member, so only the operator user may send them)
 *   rpc.identity.accounts.emails     community's digest asks identity for addresses at send time (the one
 *                                    service-to-service request; identity refuses it for a member)
 *   rpc.gateway.ops.>                the gateway listens for the operators' replica rebuild (every gateway
 *                                    answers on its reply inbox)
 *   $JS.API.INFO, STREAM.INFO.*      JetStream checks
 *   $JS.API.STREAM.CREATE.*          a stream is created by whichever app needs it first (its producer,
 *                                    a consumer starting earlier, the file store); creating never
 *                                    changes a stream that exists
 *   $JS.API.STREAM.UPDATE.<own>      only a producer changes its stream; every app keeps the shared
 *                                    dead-letter stream's settings
 *   $JS.API.CONSUMER.>, $JS.ACK.>    durable and ordered consumers (create, info, next, ack)
 *   $O.<bucket>.>, OBJ_<bucket> API  the file-transfer object store, for the apps that move files
 *   $JS.API.STREAM.NAMES             (the same) a read finds the store's stream by subject
 *   $JS.FC.>                         flow control of the object store's ordered reads
 * Nothing here allows deleting or purging an event stream. The operator user (`weop` command line:
 * dead-letter replay republishes on any subject) may do everything and is never given to an app.
 */
'use strict';

/** Every backend service, each with its own NATS user, database and event stream. */
const SERVICES = ['identity', 'content', 'trust-safety', 'awards', 'mentorship', 'community'];
/** The apps that move files through the JetStream object store (libs/messaging FileTransfers). */
const FILE_TRANSFER_APPS = ['gateway', 'identity', 'content', 'awards', 'community'];
const FILE_BUCKET = 'WEOP_FILE_TRANSFERS';
const DEAD_LETTER_STREAM = 'WEOP_DEAD_LETTERS';
const OPERATOR = 'weop-operator';

/** As libs/messaging/src/naming.ts names a producer's stream. */
const streamOf = (app) => `WEOP_${app.replace(/-/g, '_').toUpperCase()}`;
/** The environment variable the NATS server reads the user's password from (a Secret). */
const passwordVariable = (user) => `NATS_PASSWORD_${user.replace(/-/g, '_').toUpperCase()}`;

function jetStream(ownStream) {
  return [
    '$JS.API.INFO',
    '$JS.API.STREAM.INFO.*',
    '$JS.API.STREAM.CREATE.*',
    `$JS.API.STREAM.UPDATE.${DEAD_LETTER_STREAM}`,
    ...(ownStream ? [`$JS.API.STREAM.UPDATE.${ownStream}`] : []),
    '$JS.API.CONSUMER.>',
    '$JS.ACK.>',
  ];
}

function fileTransfers(app) {
  if (!FILE_TRANSFER_APPS.includes(app)) return [];
  const stream = `OBJ_${FILE_BUCKET}`;
  return [
    `$O.${FILE_BUCKET}.>`,
    // A read subscribes to the chunks, and nats finds their stream by subject first.
    '$JS.API.STREAM.NAMES',
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.STREAM.PURGE.${stream}`,
    '$JS.FC.>',
  ];
}

/** Requests one service sends another (as libs/contracts names them), beside the gateway's. */
const SERVICE_REQUESTS = { community: ['rpc.identity.accounts.emails'] };
/** The operators' requests (libs/contracts/src/ops): only the operator user sends them. */
const OPS_REQUESTS = 'rpc.*.ops.>';

/** The users, in the order auth.conf lists them. */
function natsUsers() {
  const services = SERVICES.map((service) => ({
    user: service,
    password: passwordVariable(service),
    publish: [`${service}.>`, `dead-letter.${service}.>`, '_INBOX.>', ...(SERVICE_REQUESTS[service] ?? []), ...jetStream(streamOf(service)), ...fileTransfers(service)],
    subscribe: [`rpc.${service}.>`, '_INBOX.>'],
  }));
  const gateway = {
    user: 'gateway',
    password: passwordVariable('gateway'),
    publish: ['rpc.>', '_INBOX.>', ...jetStream(null), ...fileTransfers('gateway')],
    denyPublish: [OPS_REQUESTS],
    subscribe: ['_INBOX.>', 'rpc.gateway.ops.>'],
  };
  const operator = { user: OPERATOR, password: passwordVariable(OPERATOR), publish: ['>'], subscribe: ['>'] };
  return [gateway, ...services, operator];
}

const list = (subjects, indent) => subjects.map((subject) => `${indent}${JSON.stringify(subject)}`).join('\n');

/** NATS configuration text: quoted subjects (a bare `$…` would be read as a variable), passwords from the environment. */
function renderAuthorization(users = natsUsers()) {
  const blocks = users.map((u) =>
    [
      '    {',
      `      user: ${JSON.stringify(u.user)}`,
      `      password: $${u.password}`,
      '      permissions: {',
      '        publish: { allow: [',
      list(u.publish, '          '),
      ...(u.denyPublish ? ['        ], deny: [', list(u.denyPublish, '          ')] : []),
      '        ] }',
      '        subscribe: { allow: [',
      list(u.subscribe, '          '),
      '        ] }',
      '      }',
      '    }',
    ].join('\n'),
  );
  return [
    '# Generated by `node deploy/nats-authorization.js > deploy/k8s/base/nats/auth.conf`: edit that file, not this one.',
    '# One user per WEOP app, allowed to publish only its own subjects; passwords come from the environment (Secret weop-nats-users).',
    'authorization {',
    '  users = [',
    blocks.join('\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

module.exports = { SERVICES, SERVICE_REQUESTS, OPS_REQUESTS, FILE_TRANSFER_APPS, FILE_BUCKET, OPERATOR, streamOf, passwordVariable, natsUsers, renderAuthorization };

if (require.main === module) process.stdout.write(renderAuthorization());
