// Unit tests for Naming: every NATS subject, stream and durable name derived in one place.
import { Naming } from './naming';

/** NATS subject matching: `*` is one token, `>` is one or more trailing tokens. */
function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

const PRODUCERS = ['identity', 'content', 'trust-safety', 'awards', 'mentorship'];
const RPC_SUBJECTS = ['identity.account.get', 'content.report.file', 'trust-safety.case.decide', 'awards.nomination.submit', 'mentorship.request.create'];
const EVENT_SUBJECTS = ['identity.account.status-changed.v1', 'content.report.filed.v1', 'trust-safety.sanction.imposed.v1'];

describe('Naming', () => {
  describe('without a namespace', () => {
    const naming = new Naming();

    it('leaves event subjects as the contracts name them', () => {
      expect(naming.event('identity.account.status-changed.v1')).toBe('identity.account.status-changed.v1');
      expect(naming.stream('trust-safety')).toBe('WEOP_TRUST_SAFETY');
      expect(naming.streamSubjects('identity')).toEqual(['identity.>']);
      expect(naming.deadLetterStream()).toBe('WEOP_DEAD_LETTERS');
    });
  });

  describe('with a namespace', () => {
    const naming = new Naming('tsuite-1');

    it('prefixes every subject with the namespace', () => {
      expect(naming.event('identity.account.status-changed.v1')).toBe('tsuite-1.identity.account.status-changed.v1');
      expect(naming.rpc('identity.account.get')).toBe('tsuite-1.rpc.identity.account.get');
      expect(naming.streamSubjects('identity')).toEqual(['tsuite-1.identity.>']);
      expect(naming.deadLetterSubjects()).toEqual(['tsuite-1.dead-letter.>']);
      expect(naming.deadLetter('content', 'identity.account.status-changed.v1')).toBe(
        'tsuite-1.dead-letter.content.identity.account.status-changed.v1',
      );
    });

    it('prefixes stream names with the namespace, in the characters stream names allow', () => {
      expect(naming.stream('identity')).toBe('tsuite_1_WEOP_IDENTITY');
      expect(naming.stream('trust-safety')).toBe('tsuite_1_WEOP_TRUST_SAFETY');
      expect(naming.deadLetterStream()).toBe('tsuite_1_WEOP_DEAD_LETTERS');
    });

    it('turns a wire subject back into the contract subject', () => {
      const subject = 'trust-safety.sanction.imposed.v1';
      expect(naming.unprefixEvent(naming.event(subject))).toBe(subject);
      expect(naming.unprefixEvent(subject)).toBe(subject);
    });

    it('keeps namespaces apart: no stream of one captures the other', () => {
      const other = new Naming('tother');
      for (const producer of PRODUCERS) {
        for (const pattern of naming.streamSubjects(producer)) {
          for (const subject of EVENT_SUBJECTS) expect(subjectMatches(pattern, other.event(subject))).toBe(false);
        }
      }
    });
  });

  describe.each([['no namespace', new Naming()], ['a namespace', new Naming('tabc')]])('with %s', (_label, naming) => {
    it('never lets an event stream capture a request subject', () => {
      const streamPatterns = [...PRODUCERS.flatMap((p) => naming.streamSubjects(p)), ...naming.deadLetterSubjects()];
      for (const rpc of RPC_SUBJECTS) {
        for (const pattern of streamPatterns) expect(subjectMatches(pattern, naming.rpc(rpc))).toBe(false);
      }
    });

    it('puts each event in its producer stream only, and dead letters in no event stream', () => {
      for (const subject of EVENT_SUBJECTS) {
        const producer = subject.split('.')[0];
        for (const p of PRODUCERS) {
          expect(naming.streamSubjects(p).some((pattern) => subjectMatches(pattern, naming.event(subject)))).toBe(p === producer);
          expect(naming.streamSubjects(p).some((pattern) => subjectMatches(pattern, naming.deadLetter('content', subject)))).toBe(false);
        }
        expect(naming.deadLetterSubjects().some((pattern) => subjectMatches(pattern, naming.deadLetter('content', subject)))).toBe(true);
      }
    });
  });

  it('derives durable names without dots or wildcards, distinct per consumer and subject', () => {
    const naming = new Naming('tabc');
    const names = new Set<string>();
    for (const consumer of ['identity', 'trust-safety', 'gateway']) {
      for (const subject of EVENT_SUBJECTS) {
        const durable = naming.durable(consumer, subject);
        expect(durable).not.toMatch(/[.*>\s]/);
        names.add(durable);
      }
    }
    expect(names.size).toBe(9);
    expect(naming.durable('content', 'identity.account.status-changed.v1')).toBe('content__identity_account_status-changed_v1');
  });

  it.each(['a.b', 'ns*', 'ns>', 'has space', 'x'.repeat(33), 'café'])('refuses the namespace %p', (namespace) => {
    expect(() => new Naming(namespace)).toThrow(/namespace/);
  });

  it.each(['t1', 'tenant_a', 'weop-test-123', 'x'.repeat(32)])('accepts the namespace %p', (namespace) => {
    expect(() => new Naming(namespace)).not.toThrow();
  });

  it.each(['rpc', 'identity', 'trust-safety', 'Dead-Letter'])('refuses the reserved namespace %p, which would share subjects with an unprefixed deployment', (namespace) => {
    expect(() => new Naming(namespace)).toThrow(/reserved/);
  });
});
