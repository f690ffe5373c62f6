import { currentCorrelationId, followContextAcrossAwaits, runWithContext } from './context';

// Module state: this file has a module registry of its own (jest), so the switch stays here.
afterEach(() => followContextAcrossAwaits(true));

describe('runWithContext', () => {
  it('follows the work across awaits by default, as the services need for their outbox rows and logs', async () => {
    const seen = await runWithContext({ correlationId: 'corr-1' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentCorrelationId();
    });
    expect(seen).toBe('corr-1');
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('turned off (the gateway), gives the context to the synchronous part only, and never to what runs after an await', async () => {
    followContextAcrossAwaits(false);
    const seen: (string | undefined)[] = [];
    const done = runWithContext({ correlationId: 'outer' }, async () => {
      seen.push(currentCorrelationId());
      runWithContext({ correlationId: 'inner' }, () => seen.push(currentCorrelationId()));
      seen.push(currentCorrelationId());
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(currentCorrelationId());
    });
    expect(currentCorrelationId()).toBeUndefined();
    await done;
    expect(seen).toEqual(['outer', 'inner', 'outer', undefined]);
  });

  it('turned off, restores the outer context when the work throws', () => {
    followContextAcrossAwaits(false);
    runWithContext({ correlationId: 'outer' }, () => {
      expect(() => runWithContext({ correlationId: 'inner' }, () => { throw new Error('boom'); })).toThrow('boom');
      expect(currentCorrelationId()).toBe('outer');
    });
  });
});
