/** Entities as the API shows them. */
import type { MenteeProfileView, MentorProfileView, MentorshipRequestView, MentorshipView } from '@weop/contracts';
import type { Mentorship } from './mentorships/mentorship.entity';
import type { MenteeProfile, MentorProfile } from './profiles/profile.entity';
import type { MentorshipRequest } from './requests/mentorship-request.entity';

export const mentorProfileView = (p: MentorProfile, seats: number): MentorProfileView => ({
  accountId: p.accountId,
  expertise: p.expertise,
  languages: p.languages,
  countries: p.countries,
  timeZone: p.timeZone,
  capacity: p.capacity,
  available: p.available,
  industries: p.industries,
  gender: p.gender,
  bio: p.bio,
  activeMentees: seats,
  updatedAt: p.updatedAt.toISOString(),
});

export const menteeProfileView = (p: MenteeProfile): MenteeProfileView => ({
  accountId: p.accountId,
  goals: p.goals,
  expertise: p.expertise,
  languages: p.languages,
  timeZone: p.timeZone,
  preferences: { ...p.preferences },
  updatedAt: p.updatedAt.toISOString(),
});

export const requestView = (r: MentorshipRequest): MentorshipRequestView => ({
  id: r.id,
  mentorId: r.mentorId,
  menteeId: r.menteeId,
  status: r.status,
  message: r.message,
  goals: r.goals,
  declineReason: r.declineReason,
  declineNote: r.declineNote,
  mentorshipId: r.mentorshipId,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  answeredAt: r.answeredAt?.toISOString() ?? null,
});

export const mentorshipView = (m: Mentorship): MentorshipView => ({
  id: m.id,
  mentorId: m.mentorId,
  menteeId: m.menteeId,
  status: m.status,
  programmeId: m.programmeId,
  startedAt: m.startedAt.toISOString(),
  endedAt: m.endedAt?.toISOString() ?? null,
  endReason: m.endReason,
  mentorNote: m.mentorNote,
  menteeNote: m.menteeNote,
  lastSessionAt: m.lastSessionAt?.toISOString() ?? null,
});
