import { canonicalIds } from './rpc-errors';

describe('canonicalIds', () => {
  it('writes every id in lower case, wherever it is, and leaves everything else as it came', () => {
    const query = Object.assign(Object.create(null) as Record<string, unknown>, { memberId: 'A5F1C2D4-0B6E-4F7A-8C9D-1E2F3A4B5C6D' });
    expect(canonicalIds({
      memberIds: ['A5F1C2D4-0B6E-4F7A-8C9D-1E2F3A4B5C6D'], nested: { id: 'B5F1C2D4-0B6E-4F7A-8C9D-1E2F3A4B5C6D' }, text: 'Salem, Aigerim!', count: 3, almost: 'A5F1C2D4-0B6E-4F7A-8C9D-1E2F3A4B5C6',
    })).toEqual({
      memberIds: ['a5f1c2d4-0b6e-4f7a-8c9d-1e2f3a4b5c6d'], nested: { id: 'b5f1c2d4-0b6e-4f7a-8c9d-1e2f3a4b5c6d' }, text: 'Salem, Aigerim!', count: 3, almost: 'A5F1C2D4-0B6E-4F7A-8C9D-1E2F3A4B5C6',
    });
    // Fastify's query objects have no prototype.
    expect(canonicalIds(query)).toEqual({ memberId: 'a5f1c2d4-0b6e-4f7a-8c9d-1e2f3a4b5c6d' });
  });
});
