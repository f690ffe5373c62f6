/**
 * Every NATS name the platform uses, derived in one place. A namespace (e.g. one per test suite, or
 * per tenant deployment sharing a NATS) prefixes subjects and stream names so that deployments
 * never see each other's traffic. Request subjects live under `rpc.` so that no event stream ever
 * captures a request (a stream on `identity.>` would otherwise answer requests with a PubAck).
 */
const RESERVED_NAMESPACES = new Set(['rpc', 'dead-letter', 'gateway', 'identity', 'content', 'trust-safety', 'awards', 'mentorship', 'console', 'community', 'notifications']);

export class Naming {
  constructor(readonly namespace = '') {
    if (namespace && !/^[A-Za-z0-9_-]{1,32}$/.test(namespace)) {
      throw new Error(`NATS namespace "${namespace}" must be 1-32 letters, digits, _ or -`);
    }
    // A namespace named like a subject's first token would share subjects with an unprefixed deployment.
    if (RESERVED_NAMESPACES.has(namespace.toLowerCase())) {
      throw new Error(`NATS namespace "${namespace}" is reserved (it is the first token of platform subjects)`);
    }
  }

  private prefix(subject: string): string {
    return this.namespace ? `${this.namespace}.${subject}` : subject;
  }

  rpc(subject: string): string {
    return this.prefix(`rpc.${subject}`);
  }

  event(subject: string): string {
    return this.prefix(subject);
  }

  /** The subject as contracts name it, from the subject on the wire. */
  unprefixEvent(wireSubject: string): string {
    return this.namespace && wireSubject.startsWith(`${this.namespace}.`)
      ? wireSubject.slice(this.namespace.length + 1)
      : wireSubject;
  }

  private streamPrefix(): string {
    return this.namespace ? `${this.namespace.replace(/-/g, '_')}_` : '';
  }

  /** One stream per producing service: `WEOP_IDENTITY`. */
  stream(producer: string): string {
    return `${this.streamPrefix()}WEOP_${producer.replace(/-/g, '_').toUpperCase()}`;
  }

  streamSubjects(producer: string): string[] {
    return [this.prefix(`${producer}.>`)];
  }

  deadLetterStream(): string {
    return `${this.streamPrefix()}WEOP_DEAD_LETTERS`;
  }

  deadLetterSubjects(): string[] {
    return [this.prefix('dead-letter.>')];
  }

  deadLetter(consumer: string, subject: string): string {
    return this.prefix(`dead-letter.${consumer}.${subject}`);
  }

  /** Durable consumer names may not contain dots. */
  durable(consumer: string, subject: string): string {
    return `${consumer}__${subject}`.replace(/[.*>\s]/g, '_');
  }
}
