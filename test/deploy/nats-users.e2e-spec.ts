// The whole platform, each app connected as its own NATS user (deploy/k8s/base/nats/auth.conf, on a
// private nats-server), through the core flow: requests, events between every service, the gateway's
// live replica, dead-letter streams and the file store all work under the permissions production gets.
import { eventually } from '@weop/testing';
import { given } from '../support/given';
import { client } from '../support/http';
import type { Api } from '../support/http';
import { connect } from 'nats';
import { authorization, startNatsWithUsers } from '../support/nats-with-users';
import type { NatsWithUsers } from '../support/nats-with-users';
import { startPlatform } from '../support/platform';
import type { Platform } from '../support/platform';

describe('the platform under its NATS users', () => {
  let nats: NatsWithUsers;
  let platform: Platform | undefined;
  let api: Api;
  let the: ReturnType<typeof given>;

  beforeAll(async () => {
    nats = await startNatsWithUsers();
    // Each app's NATS_URL as its Secret gives it; no namespace: the permissions name the subjects as they are.
    const as = (user: string): Record<string, string> => ({ NATS_URL: nats.urlFor(user), WEOP_NATS_NAMESPACE: '' });
    platform = await startPlatform('nats-users', as('gateway'), as('identity'), {
      content: true,
      contentEnv: as('content'),
      trustSafety: true,
      trustSafetyEnv: as('trust-safety'),
      awards: true,
      awardsEnv: as('awards'),
      mentorship: true,
      mentorshipEnv: as('mentorship'),
      community: true,
      communityEnv: as('community'),
    });
    api = client(platform.baseUrl);
    the = given(api);
  }, 90_000);

  afterAll(async () => {
    await platform?.close();
    await nats?.stop();
  });

  it('is ready: the gateway reaches every service and loads the status replica', async () => {
    const ready = await eventually(async () => {
      const answer = await api('GET', '/health/ready');
      return answer.status === 200 ? answer : undefined;
    }, 10_000);
    expect(ready.body.services).toEqual({ identity: 'up', content: 'up', 'trust-safety': 'up', awards: 'up', mentorship: 'up', community: 'up' });
  });

  it('carries a report to a decision and its sanction to every service', async () => {
    const moderator = await the.staff('moderator');
    const offender = await the.member();
    const reporter = await the.member();
    const post = await api('POST', '/api/v1/blogs', { token: offender.accessToken, body: { title: 'An insulting post', body: 'Insults aimed at another member.', originalityAttested: true } });
    expect(post.status).toBe(201);
    const report = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: post.body.id }, guideline: 'respect' } });
    expect(report.status).toBe(202);

    // content → trust-safety (content.report.filed.v1)
    const found = await eventually(async () => {
      const cases = await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken });
      return (cases.body.items as { id: string; subject: { id: string } }[] | undefined)?.find((c) => c.subject.id === post.body.id);
    }, 10_000);
    const decided = await api('POST', `/api/v1/moderation/cases/${found.id}/decisions`, {
      token: moderator.accessToken,
      body: { action: 'suspend', guideline: 'respect', statement: 'Repeated insults against another member.', durationDays: 7, removeContent: true },
    });
    expect(decided.status).toBe(201);

    // trust-safety → identity → the gateway's replica; trust-safety → content (removed; reporter told).
    await eventually(async () => (await api('GET', '/api/v1/me/sessions', { token: offender.accessToken })).status === 403, 10_000);
    await eventually(async () => (await api('GET', `/api/v1/blogs/${post.body.id}`)).status === 404, 10_000);
    await eventually(async () => {
      const mine = await api('GET', '/api/v1/me/reports', { token: reporter.accessToken });
      return (mine.body.items as { id: string; status: string }[] | undefined)?.find((r) => r.id === report.body.id)?.status === 'actioned';
    }, 10_000);
  });

  it('moves a file through the object store, from the gateway to content and back', async () => {
    const author = await the.member();
    const data = new FormData();
    for (const [key, value] of Object.entries({ title: 'Mentoring handbook', description: 'For mentors in the WEOP programme.', kind: 'guide', rightsAttested: 'true' })) data.append(key, value);
    data.append('file', new Blob([Buffer.from('Chapter 1. Listening.\n')], { type: 'text/plain' }), 'handbook.txt');
    const created = await fetch(`${platform?.baseUrl}/api/v1/resources`, { method: 'POST', headers: { authorization: `Bearer ${author.accessToken}` }, body: data });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const download = await fetch(`${platform?.baseUrl}/api/v1/resources/${id}/file`);
    expect(await download.text()).toBe('Chapter 1. Listening.\n');
  });

  it('made exactly the durable consumers auth.conf grants (read from the @OnEvent handlers), each on its own subject', async () => {
    const nc = await connect({ servers: nats.url, user: authorization.OPERATOR, pass: nats.passwordOf(authorization.OPERATOR) });
    try {
      const jsm = await nc.jetstreamManager();
      const made: string[] = [];
      for await (const stream of jsm.streams.list()) {
        for await (const consumer of jsm.consumers.list(stream.config.name)) {
          if (consumer.config.durable_name) made.push(`${stream.config.name}/${consumer.config.durable_name} on ${consumer.config.filter_subject}`);
        }
      }
      const consumers = authorization.consumption(['gateway', ...authorization.SERVICES]);
      const granted = authorization.SERVICES.flatMap((service) =>
        consumers[service].durable.map((subject) => `${authorization.streamOf(subject.split('.')[0])}/${authorization.durableOf(service, subject)} on ${subject}`));
      expect(made.sort()).toEqual(granted.sort());
    } finally {
      await nc.close();
    }
  });

  it('was refused nothing along the way', () => {
    expect(nats.violations()).toEqual([]);
  });
});
