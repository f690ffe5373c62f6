import { Writable } from 'node:stream';
import { IsInt, IsString, Matches, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { ConfigError, loadConfig, toInt } from './config';
import { createLogger, safeError } from './logging';
import { runWithContext } from './context';

class SampleConfig {
  @IsString() @Matches(/^nats:\/\//) NATS_URL = 'nats://127.0.0.1:4222';
  @Transform(toInt) @IsInt() @Min(1) POOL = 10;
}

describe('loadConfig', () => {
  it('uses defaults, treats empty values as unset and converts numbers', () => {
    expect(loadConfig(SampleConfig, { NATS_URL: '', POOL: '4' })).toMatchObject({ NATS_URL: 'nats://127.0.0.1:4222', POOL: 4 });
  });

  it('names every bad setting at once', () => {
    let error: unknown;
    try {
      loadConfig(SampleConfig, { NATS_URL: 'http://x', POOL: 'many' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual(['NATS_URL', 'POOL']);
  });
});

describe('logging', () => {
  it('never writes a password or a token, and carries the correlation id of the work in hand', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
    const logger = createLogger('identity', 'info', sink);
    runWithContext({ correlationId: 'corr-42' }, () => {
      logger.info({ password: 'Secret-pass-123', body: { refreshToken: 'rt-abc' }, req: { headers: { authorization: 'Bearer xyz' } } }, 'login');
    });
    const written = lines.join('');
    expect(written).not.toMatch(/Secret-pass-123|rt-abc|Bearer xyz/);
    expect(JSON.parse(lines[0])).toMatchObject({ service: 'identity', correlationId: 'corr-42', msg: 'login', password: '[redacted]' });
  });

  it('drops the message of a database error, which holds SQL values such as emails', () => {
    class UniqueConstraintViolationException extends Error {}
    const logged = safeError(new UniqueConstraintViolationException("insert into account values ('aigerim@example.org')"));
    expect(JSON.stringify(logged)).not.toContain('aigerim@example.org');
    expect(logged.type).toBe('UniqueConstraintViolationException');
    expect(safeError(new Error('plain problem')).message).toBe('plain problem');
  });
});
