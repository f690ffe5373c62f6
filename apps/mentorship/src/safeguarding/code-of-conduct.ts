/** The mentoring code of conduct both sides accept before they are matched. A new text is a new version, accepted again. */
export const CODE_OF_CONDUCT = {
  version: '2026-11',
  text: [
    'Mentoring on WEOP rests on trust. By taking part, as mentor or mentee, I agree to:',
    '1. Treat my mentoring partner with respect, whatever her country, language, faith or background.',
    '2. Keep what we discuss confidential, unless someone is at risk of harm.',
    '3. Keep the relationship professional: no requests for money, gifts, favours or personal relationships.',
    '4. Meet online or in public places, and never share my partner\'s contact details without her consent.',
    '5. Be honest about my time, and end the mentorship kindly if I can no longer take part.',
    '6. Report anything that makes me feel unsafe (Report this mentorship), and follow the community guidelines.',
  ].join('\n'),
} as const;
