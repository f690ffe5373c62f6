import pino from 'pino';
import { PeriodicTask } from './periodic-task';

const silent = pino({ level: 'silent' });

describe('a periodic task', () => {
  it('never runs two passes at once, and stop waits for the pass in flight', async () => {
    let running = 0;
    let most = 0;
    let finished = 0;
    const task = new PeriodicTask('test', 5, async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 40));
      running -= 1;
      finished += 1;
    }, silent);
    task.start();
    await new Promise((r) => setTimeout(r, 60));
    await task.stop();
    expect(most).toBe(1);
    expect(running).toBe(0);
    const after = finished;
    await new Promise((r) => setTimeout(r, 30));
    expect(finished).toBe(after);
  });

  it('logs a failed pass and runs again on the next tick', async () => {
    let calls = 0;
    const warnings: unknown[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const task = new PeriodicTask('flaky', 5, () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('database away')) : Promise.resolve();
    }, logger);
    await task.runOnce();
    await task.runOnce();
    expect(calls).toBe(2);
    expect(warnings).toEqual([expect.objectContaining({ task: 'flaky', msg: 'flaky failed; will retry' })]);
  });
});
