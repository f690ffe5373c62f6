#!/usr/bin/env node
/*
 * deploy/nats-authorization.js — the NATS users of a WEOP deployment and what each may publish and
 * subscribe to, rendered as the `authorization` block the NATS cluster includes
 * (deploy/k8s/base/nats/auth.conf). Regenerate after changing this file, or after adding or removing
 * an @OnEvent handler or a subscribeLive feed (the consumers are read from the code):
 *
 *   node deploy/nats-authorization.js > deploy/k8s/base/nats/auth.conf
 *
 * test/deploy/nats-authorization.integration-spec.ts fails when auth.conf is stale, and proves the rules
 * on a real nats-server: every event subject in libs/contracts (EVENTS) is publishable by its producer's
 * user and by no other, requests only by the gateway, each app's real JetStream paths work, and no app
 * touches another's consumers or streams. test/deploy/nats-users.e2e-spec.ts runs the whole platform
 * under these users and checks that the durable consumers the apps create are exactly the ones granted.
 *
 * Why each rule (subjects as libs/messaging names them, with no WEOP_NATS_NAMESPACE):
 *   <service>.>                      its events: the outbox relay publishes them into its own stream
 *   dead-letter.<service>.>          events its consumers gave up on (Naming.deadLetter): services only
 *                                    publish there, they never change the dead-letter stream
 *   _INBOX.>                         answers to requests (a service) — requesters wait on inboxes
 *   rpc.>                            requests to every service, health pings included (the gateway only),
 *                                    except the operators' requests `rpc.*.ops.>` (denied: they carry no
 *                                    signed-in member, so only the operator user may send them)
 *   rpc.identity.accounts.emails     community's digest asks identity for addresses at send time (the one
 *                                    service-to-service request; identity refuses it for a member)
 *   rpc.gateway.ops.>                the gateway listens for the operators' replica rebuild (every gateway
 *                                    answers on its reply inbox)
 *   $JS.API.INFO, STREAM.INFO.<s>    JetStream checks, of the streams the app uses only
 *   $JS.API.STREAM.CREATE/UPDATE.<own>  only a producer creates and changes its stream; a consumer
 *                                    starting first waits for it (MessagingModule) and never creates it
 *   $JS.API.STREAM.CREATE/UPDATE.WEOP_DEAD_LETTERS  its owner only (DEAD_LETTER_STREAM_OWNER, as in
 *                                    libs/messaging/src/streams.ts) and the operator user
 *   $JS.API.CONSUMER.{CREATE,DURABLE.CREATE,INFO,MSG.NEXT}.<stream>.<durable>, $JS.ACK.<stream>.<durable>.>
 *                                    the app's own durable consumers, one per @OnEvent subject, named
 *                                    `<service>__<subject>` (Naming.durable), created with that subject as
 *                                    their filter; never another app's, never a delete
 *   $JS.API.CONSUMER.*.<stream>.*    ordered, ephemeral consumers (subscribeLive: the gateway's status
 *                                    replica) on the streams and subjects the app reads live, with every
 *                                    other app's durable on those streams denied by name
 *   $O.<bucket>.>, OBJ_<bucket> API  the file-transfer object store, for the apps that move files
 *   $JS.API.STREAM.NAMES             (the same) a read finds the store's stream by subject
 *   $JS.FC.>                         flow control of the object store's ordered reads
 * Nothing here allows deleting or purging an event stream, or deleting a durable consumer. The operator
 * user (`weop` command line: dead-letter replay republishes on any subject and deletes what it replayed)
 * may do everything and is never given to an app.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Every backend service, each with its own NATS user, database and event stream. */
const SERVICES = ['identity', 'content', 'trust-safety', 'awards', 'mentorship', 'community'];
/** The apps that move files through the JetStream object store (libs/messaging FileTransfers). */
const FILE_TRANSFER_APPS = ['gateway', 'identity', 'content', 'awards', 'community'];
const FILE_BUCKET = 'WEOP_FILE_TRANSFERS';
const DEAD_LETTER_STREAM = 'WEOP_DEAD_LETTERS';
/** The one service that creates and updates the dead-letter stream (libs/messaging DEAD_LETTER_STREAM_OWNER). */
const DEAD_LETTER_STREAM_OWNER = 'identity';
const OPERATOR = 'weop-operator';
const ROOT = path.join(__dirname, '..');

/** As libs/messaging/src/naming.ts names a producer's stream. */
const streamOf = (app) => `WEOP_${app.replace(/-/g, '_').toUpperCase()}`;
/** The environment variable the NATS server reads the user's password from (a Secret). */
const passwordVariable = (user) => `NATS_PASSWORD_${user.replace(/-/g, '_').toUpperCase()}`;

/** As libs/messaging/src/naming.ts names a durable consumer (its names may not contain dots). */
const durableOf = (service, subject) => `${service}__${subject}`.replace(/[.*>\s]/g, '_');
const producerOf = (subject) => subject.split('.')[0];

/** Every .ts file under a folder, specs left out. */
function sources(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    if (fs.statSync(file).isDirectory()) return sources(file);
    return /\.ts$/.test(entry) && !/\.(spec|e2e-spec|integration-spec)\.ts$/.test(entry) ? [file] : [];
  });
}
/** Source text without comments (a comment naming a handler is not one). */
const code = (file) => fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** libs/contracts' event classes: class name → subject (`static readonly subject = '…'`). */
function eventClasses() {
  const classes = new Map();
  for (const file of sources(path.join(ROOT, 'libs', 'contracts', 'src'))) {
    for (const match of code(file).matchAll(/export class (\w+)[^{]*\{[^}]*?static readonly subject = '([^']+)'/g)) classes.set(match[1], match[2]);
  }
  return classes;
}

/** The subjects named by a decorator or call, `Name.subject` or a literal, in some source text. */
function subjectsIn(text, pattern, classes, where) {
  return [...text.matchAll(pattern)].map((match) => {
    if (match[2]) return match[2];
    const subject = classes.get(match[1]);
    if (!subject) throw new Error(`${where}: ${match[0]} names no event class of libs/contracts`);
    return subject;
  });
}
const ON_EVENT = /@OnEvent\(\s*(?:(\w+)\.subject|'([^']+)')/g;
const LIVE = /subscribeLive\(\s*[\w.]+\s*,\s*[\w.]+\s*,\s*(?:(\w+)\.subject|'([^']+)')/g;

/**
 * What each app consumes, read from the code: the subjects of its @OnEvent handlers (one durable each)
 * — its own, and those of a shared handler class of libs/ (BlocksProjection) that it provides or extends —
 * and the subjects it reads live (subscribeLive: an ordered consumer, no durable).
 */
function consumption(apps) {
  const classes = eventClasses();
  const sharedHandlers = sources(path.join(ROOT, 'libs')).flatMap((file) => {
    const text = code(file);
    // The class that holds the handlers: the last one declared before the first @OnEvent.
    const name = [...text.slice(0, text.indexOf('@OnEvent(')).matchAll(/export class (\w+)/g)].pop()?.[1];
    const subjects = subjectsIn(text, ON_EVENT, classes, file);
    return name && subjects.length > 0 ? [{ name, subjects }] : [];
  });
  return Object.fromEntries(apps.map((app) => {
    const files = sources(path.join(ROOT, 'apps', app, 'src'));
    const text = files.map(code).join('\n');
    const durable = new Set(files.flatMap((file) => subjectsIn(code(file), ON_EVENT, classes, file)));
    for (const shared of sharedHandlers) if (new RegExp(`\\b${shared.name}\\b`).test(text)) shared.subjects.forEach((subject) => durable.add(subject));
    const live = new Set(files.flatMap((file) => subjectsIn(code(file), LIVE, classes, file)));
    return [app, { durable: [...durable].sort(), live: [...live].sort() }];
  }));
}

/** The JetStream API an app may call: the streams and consumers it uses, and no other app's. */
function jetStream(app, { durable, live }, consumers) {
  const ownStream = SERVICES.includes(app) ? streamOf(app) : null;
  const consumed = [...new Set(durable.map((subject) => streamOf(producerOf(subject))))].filter((stream) => stream !== ownStream);
  const liveStreams = [...new Set(live.map((subject) => streamOf(producerOf(subject))))];
  const deadLetterOwner = app === DEAD_LETTER_STREAM_OWNER;
  const durables = durable.flatMap((subject) => {
    const stream = streamOf(producerOf(subject));
    const name = durableOf(app, subject);
    return [
      `$JS.API.CONSUMER.CREATE.${stream}.${name}.${subject}`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${name}`,
      `$JS.API.CONSUMER.INFO.${stream}.${name}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${name}`,
      `$JS.ACK.${stream}.${name}.>`,
    ];
  });
  const ordered = [
    ...live.map((subject) => `$JS.API.CONSUMER.CREATE.${streamOf(producerOf(subject))}.*.${subject}`),
    ...liveStreams.flatMap((stream) => ['INFO', 'MSG.NEXT', 'DELETE'].map((call) => `$JS.API.CONSUMER.${call}.${stream}.*`)),
  ];
  // The wildcards above would reach other apps' durables on the same stream: deny those by name.
  const othersDurables = Object.entries(consumers)
    .filter(([other]) => other !== app)
    .flatMap(([other, { durable: subjects }]) => subjects.filter((subject) => liveStreams.includes(streamOf(producerOf(subject)))).map((subject) => [streamOf(producerOf(subject)), durableOf(other, subject)]));
  const deny = othersDurables.flatMap(([stream, name]) => [
    `$JS.API.CONSUMER.*.${stream}.${name}`,
    `$JS.API.CONSUMER.*.${stream}.${name}.>`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${name}`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${name}`,
  ]);
  const allow = [
    '$JS.API.INFO',
    ...[...new Set([ownStream, ...consumed, ...liveStreams, DEAD_LETTER_STREAM].filter(Boolean))].map((stream) => `$JS.API.STREAM.INFO.${stream}`),
    ...(ownStream ? [`$JS.API.STREAM.CREATE.${ownStream}`, `$JS.API.STREAM.UPDATE.${ownStream}`] : []),
    ...(deadLetterOwner ? [`$JS.API.STREAM.CREATE.${DEAD_LETTER_STREAM}`, `$JS.API.STREAM.UPDATE.${DEAD_LETTER_STREAM}`] : []),
    ...durables,
    ...ordered,
  ];
  return { allow, deny };
}

function fileTransfers(app) {
  if (!FILE_TRANSFER_APPS.includes(app)) return [];
  const stream = `OBJ_${FILE_BUCKET}`;
  return [
    `$O.${FILE_BUCKET}.>`,
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.CREATE.${stream}`,
    // A read subscribes to the chunks through an ephemeral consumer of the store's stream (any name).
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.*`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
    `$JS.API.CONSUMER.DELETE.${stream}.*`,
    `$JS.ACK.${stream}.>`,
    // nats finds the chunks' stream by subject first.
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
  const consumers = consumption(['gateway', ...SERVICES]);
  const services = SERVICES.map((service) => {
    const js = jetStream(service, consumers[service], consumers);
    return {
      user: service,
      password: passwordVariable(service),
      publish: [`${service}.>`, `dead-letter.${service}.>`, '_INBOX.>', ...(SERVICE_REQUESTS[service] ?? []), ...js.allow, ...fileTransfers(service)],
      ...(js.deny.length > 0 ? { denyPublish: js.deny } : {}),
      subscribe: [`rpc.${service}.>`, '_INBOX.>'],
    };
  });
  const js = jetStream('gateway', consumers.gateway, consumers);
  const gateway = {
    user: 'gateway',
    password: passwordVariable('gateway'),
    publish: ['rpc.>', '_INBOX.>', ...js.allow, ...fileTransfers('gateway')],
    denyPublish: [OPS_REQUESTS, ...js.deny],
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

module.exports = { SERVICES, SERVICE_REQUESTS, OPS_REQUESTS, FILE_TRANSFER_APPS, FILE_BUCKET, DEAD_LETTER_STREAM, DEAD_LETTER_STREAM_OWNER, OPERATOR, streamOf, durableOf, passwordVariable, consumption, natsUsers, renderAuthorization };

if (require.main === module) process.stdout.write(renderAuthorization());
