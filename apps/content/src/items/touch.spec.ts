import { touch } from './content-item.entity';

describe('touch: the stamp of a change to an item, which its events are ordered by', () => {
  it('is the time of the change when the clock is ahead of the last stamp', () => {
    const item = { updatedAt: new Date('2026-11-28T10:00:00.000Z') };
    expect(touch(item, new Date('2026-11-28T10:05:00.000Z')).toISOString()).toBe('2026-11-28T10:05:00.000Z');
    expect(item.updatedAt.toISOString()).toBe('2026-11-28T10:05:00.000Z');
  });

  it('still comes after the last stamp when this replica\'s clock is behind the one that made it, so the later change wins', () => {
    // Replica A (clock 3 s ahead) withdrew the item; replica B, behind, republishes it just after.
    const item = { updatedAt: new Date('2026-11-28T10:00:03.000Z') };
    const republished = touch(item, new Date('2026-11-28T10:00:00.500Z'));
    expect(republished.getTime()).toBeGreaterThan(new Date('2026-11-28T10:00:03.000Z').getTime());
    const edited = touch(item, new Date('2026-11-28T10:00:00.600Z'));
    expect(edited.getTime()).toBeGreaterThan(republished.getTime());
  });
});
