/**
 * Mentoring members for tests, set up through the public API as they would set themselves up: a mentor
 * (given the mentor role by the admin, with her profile), a mentee (with hers), each having accepted the
 * code of conduct, and a mentee's request to a mentor.
 */
import type { given, SignedIn } from './given';
import type { Answer, Api } from './http';

export const MENTOR_PROFILE = { expertise: ['leadership', 'career-planning'], languages: ['ru', 'en'], countries: ['KZ', 'UZ'], timeZone: 'Asia/Almaty', capacity: 2, available: true, gender: 'woman' };
export const MENTEE_PROFILE = { goals: ['lead a team'], expertise: ['leadership', 'stem'], languages: ['ru'], timeZone: 'Asia/Tashkent' };

const must = (answer: Answer, status: number, what: string): void => {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
};

export function mentoringGiven(api: Api, the: ReturnType<typeof given>, admin: SignedIn) {
  const acceptConduct = async (m: SignedIn): Promise<void> => {
    must(await api('POST', '/api/v1/mentorship/code-of-conduct/acceptance', { token: m.accessToken }), 200, 'accepting the code of conduct');
  };
  const mentor = async (profile: Record<string, unknown> = {}, member: Record<string, unknown> = {}): Promise<SignedIn> => {
    const m = await the.member(member);
    must(await api('POST', `/api/v1/admin/users/${m.id}/roles`, { token: admin.accessToken, body: { role: 'mentor' } }), 204, 'granting the mentor role');
    const signed = await the.signIn(m.email, m.password);
    must(await api('PUT', '/api/v1/mentorship/mentor-profile', { token: signed.accessToken, body: { ...MENTOR_PROFILE, ...profile } }), 200, 'the mentor profile');
    await acceptConduct(signed);
    return signed;
  };
  const mentee = async (profile: Record<string, unknown> = {}, member: Record<string, unknown> = {}): Promise<SignedIn> => {
    const m = await the.member(member);
    must(await api('PUT', '/api/v1/mentorship/mentee-profile', { token: m.accessToken, body: { ...MENTEE_PROFILE, ...profile } }), 200, 'the mentee profile');
    await acceptConduct(m);
    return m;
  };
  const ask = (from: SignedIn, to: SignedIn, message = 'I would value your advice on leading a team.', goals?: string[]): Promise<Answer> =>
    api('POST', '/api/v1/mentorship/requests', { token: from.accessToken, body: { mentorId: to.id, message, ...(goals ? { goals } : {}) } });
  return { acceptConduct, mentor, mentee, ask };
}
