import { HttpException, Logger, NotFoundException } from '@nestjs/common';
import { DomainError } from '@weop/contracts';
import { toErrorResponse } from './error-envelope.filter';

describe('toErrorResponse', () => {
  const logger = { error: jest.fn() } as unknown as Logger;

  it('keeps a domain error\'s code and details, with its HTTP status', () => {
    const answer = toErrorResponse(new DomainError('APPEAL_WINDOW_CLOSED', 'Too late to appeal.', [{ until: 'x' }]), { correlationId: 'c-1' }, logger);
    expect(answer).toMatchObject({ status: 422, body: { error: { code: 'APPEAL_WINDOW_CLOSED', message: 'Too late to appeal.', details: [{ until: 'x' }] }, correlationId: 'c-1' } });
  });

  it('gives Nest and Fastify errors a code, and keeps any 4xx a 4xx', () => {
    expect(toErrorResponse(new NotFoundException(), { correlationId: 'c' }, logger)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(toErrorResponse(new HttpException('URI too long', 414), { correlationId: 'c' }, logger)).toMatchObject({ status: 414, body: { error: { code: 'REQUEST_REJECTED' } } });
    expect(toErrorResponse({ statusCode: 431, message: 'headers' }, { correlationId: 'c' }, logger)).toMatchObject({ status: 431 });
  });

  it('answers anything unexpected with a plain 500 that echoes nothing of the error', () => {
    const answer = toErrorResponse(new Error("duplicate key (email)=(aigerim@example.org)"), { correlationId: 'c' }, logger);
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.body)).not.toContain('aigerim');
    expect(answer.body.error.code).toBe('INTERNAL');
  });

  it('logs an unexpected error with the request\'s correlation and trace ids, so it can be found from either', () => {
    const log = { error: jest.fn() } as unknown as Logger;
    toErrorResponse(new TypeError('boom'), { correlationId: 'c-9', traceId: '0af7651916cd43dd8448eb211c80319c' }, log);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ correlationId: 'c-9', traceId: '0af7651916cd43dd8448eb211c80319c' }), 'unexpected error');
  });
});
