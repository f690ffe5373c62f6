/** How community shows a member to others: her public name, country and verified badge, nothing more. */
import type { MemberCard } from '@weop/contracts';
import type { Member } from '../members/member.entity';

export function memberCard(id: string, member: Member | undefined | null): MemberCard {
  return { id, displayName: member?.displayName ?? null, country: member?.country ?? null, verified: member?.verified ?? false };
}
