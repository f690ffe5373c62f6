/**
 * The first-message detectors of content (a request to pay, someone's personal data), run on what a
 * group's owner wrote for strangers to read: its name and description, shown in the inbox of every
 * member she invites. A finding does not hold the group back (as a first message is not held back):
 * moderators get a system report on the group, and an invitation to it reaches the invitee with a
 * warning in place of the group's name.
 */
import type { Guideline } from '@weop/contracts';
import { firstMessageFindings } from '../conversations/first-message-signals';
import type { Finding } from '../conversations/first-message-signals';

const NOTICES: Partial<Record<Guideline, string>> = {
  'no-scams': 'This group may be a scam: its name or description asks you to pay. Genuine employers and programmes do not ask for fees. Do not send money; moderators have been told.',
  privacy: "This group's name or description seems to contain someone's personal details (a phone number, an ID number or an address). Moderators have been told.",
};

export function groupFindings(group: { name: string; description: string }): Finding[] {
  return firstMessageFindings(`${group.name}\n${group.description}`).map((f) => ({ ...f, notice: NOTICES[f.guideline] ?? f.notice }));
}
