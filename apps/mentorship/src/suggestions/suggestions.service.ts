/** `GET /mentorship/suggestions`: mentors ranked for the calling mentee, hard constraints first. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal, SuggestionList, SuggestionQuery } from '@weop/contracts';
import { MentorshipBlocks } from '../blocks/mentorship-blocks';
import { MembersRepository } from '../members/members.repository';
import type { Member } from '../members/member.entity';
import { MentorshipsRepository } from '../mentorships/mentorships.repository';
import type { MenteeProfile, MentorProfile } from '../profiles/profile.entity';
import { ProfilesRepository } from '../profiles/profiles.repository';
import { menteeProfileRequired } from '../profiles/profiles.service';
import { constraintBroken, matchQuality, utcOffsetMinutes } from './match-quality';
import type { MenteeFacts, MentorFacts } from './match-quality';

export const mentorFacts = (p: MentorProfile, member: Member | undefined, seatsTaken: number, at: Date): MentorFacts => ({
  accountId: p.accountId,
  expertise: p.expertise,
  languages: p.languages,
  countries: p.countries,
  country: member?.country ?? null,
  utcOffsetMinutes: utcOffsetMinutes(p.timeZone, at),
  capacity: p.capacity,
  seatsTaken,
  available: p.available,
  sanctioned: (member?.sanctions.length ?? 0) > 0,
  verified: member?.verified ?? false,
  gender: p.gender,
});

export const menteeFacts = (p: MenteeProfile, member: Member | undefined | null, at: Date, blocked?: ReadonlySet<string>): MenteeFacts => ({
  accountId: p.accountId,
  expertise: p.expertise,
  languages: p.languages,
  country: member?.country ?? null,
  utcOffsetMinutes: utcOffsetMinutes(p.timeZone, at),
  preferences: p.preferences,
  blocked,
  sanctioned: (member?.sanctions.length ?? 0) > 0,
});

@Injectable()
export class SuggestionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly profiles: ProfilesRepository,
    private readonly members: MembersRepository,
    private readonly mentorships: MentorshipsRepository,
    private readonly blocks: MentorshipBlocks,
  ) {}

  async suggest(caller: Principal, query: SuggestionQuery): Promise<SuggestionList> {
    const em = this.em.fork();
    const profile = await this.profiles.mentee(em, caller.accountId);
    if (!profile) throw menteeProfileRequired();
    const now = new Date();
    // Never a mentor she blocked or who blocked her (a hard constraint, as in matching runs).
    const mentee = menteeFacts(profile, await this.members.find(em, caller.accountId), now, await this.blocks.related(em, caller.accountId));
    const mentors = await this.profiles.openMentors(em);
    const ids = mentors.map((m) => m.accountId);
    const members = await this.members.many(em, ids);
    const seats = await this.profiles.seatsTaken(em, ids);
    const partners = new Set((await this.mentorships.involving(em, caller.accountId, ['active', 'paused'])).map((m) => m.mentorId));
    const ranked = mentors
      .filter((m) => !partners.has(m.accountId))
      .map((m) => mentorFacts(m, members.get(m.accountId), seats.get(m.accountId) ?? 0, now))
      .filter((mentor) => constraintBroken(mentee, mentor) === null)
      .map((mentor) => ({ mentorId: mentor.accountId, ...matchQuality(mentee, mentor) }))
      .sort((a, b) => b.score - a.score || a.mentorId.localeCompare(b.mentorId));
    return { items: ranked.slice(0, query.limit ?? 10) };
  }
}
