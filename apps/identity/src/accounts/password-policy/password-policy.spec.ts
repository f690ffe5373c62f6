// Unit tests for the identity password policy.
import { PasswordPolicy } from './password-policy';

describe('PasswordPolicy', () => {
  const policy = new PasswordPolicy();

  it('keeps a common-password list of at least 10,000 entries and a common-word list', () => {
    expect(policy.commonPasswords.size).toBeGreaterThanOrEqual(10_000);
    expect(policy.commonPasswords.has('password')).toBe(true);
    expect(policy.commonWords.has('staple')).toBe(true);
  });

  it.each(['password1234', 'qwerty123456', '123456789012', 'aaaaaaaaaaaa', 'Password1234!'])('refuses %s', (pw) => {
    expect(policy.problemWith(pw)).not.toBeNull();
  });

  it.each(['correct horse battery staple', 'Tbilisi-rain-2023-violet', 'k8#Lw2!pQz9@vR'])('accepts %s', (pw) => {
    expect(policy.problemWith(pw)).toBeNull();
  });

  describe('length, counted in Unicode code points', () => {
    // 'ქ' (Georgian) is one UTF-16 unit, '𝒜' is two units but one code point.
    const sized = (n: number) => {
      const pw = 'Tb7-ქ𝒜' + 'xq9Zr#m2Lw!pV8kH4tY'.repeat(10).slice(0, n - 6);
      expect([...pw]).toHaveLength(n);
      return pw;
    };

    it('refuses 11 code points', () => expect(policy.problemWith(sized(11))).toMatch(/at least 12/));
    it('accepts 12 code points', () => expect(policy.problemWith(sized(12))).toBeNull());
    it('accepts 128 code points', () => expect(policy.problemWith(sized(128))).toBeNull());
    it('refuses 129 code points', () => expect(policy.problemWith(sized(129))).toMatch(/at most 128/));

    it('counts astral characters once, not as two UTF-16 units', () => {
      const astral = '𝒜'.repeat(6) + 'Rk7!zQ'; // 12 code points, 18 UTF-16 units
      expect(astral.length).toBe(18);
      expect(policy.problemWith(astral)).toBeNull();
      expect(policy.problemWith('𝒜'.repeat(5) + 'Rk7!zQ')).toMatch(/at least 12/); // 11 code points, 16 units
    });
  });

  describe('each rule on its own', () => {
    it('refuses an exact common password, case-insensitively', () => {
      expect(policy.commonPasswords.has('1qaz2wsx3edc')).toBe(true);
      expect(policy.problemWith('1QAZ2WSX3EDC')).toMatch(/most common/);
    });

    it('refuses passwords made only of digits', () => {
      expect(policy.problemWith('918273645091')).toMatch(/only digits/);
    });

    it('refuses passwords with no letters at all', () => {
      expect(policy.problemWith('!!-2024-##-99')).toMatch(/letters/);
    });

    it('refuses a common password padded with digits and symbols', () => {
      expect(policy.problemWith('2024!!sunshine!!2024')).toMatch(/common password padded/);
    });

    it('refuses a common word padded with digits and symbols', () => {
      expect(policy.commonPasswords.has('abdominal')).toBe(false);
      expect(policy.problemWith('9876Abdominal!!!')).toMatch(/common word padded/);
    });

    it('refuses keyboard runs and sequences padded with digits', () => {
      expect(policy.problemWith('1234lkjhgfdsa5678')).toMatch(/run or sequence/); // reversed home row
      expect(policy.problemWith('99ghijklmnopq99')).toMatch(/run or sequence/); // alphabet
      expect(policy.problemWith('!!zzzzzzzzzzz!!')).toMatch(/run or sequence/); // one repeated character
      expect(policy.problemWith('00yuiop[]\\00')).toMatch(/run or sequence/); // top row with its symbols
    });

    it('refuses a password containing the email local part (4+ characters)', () => {
      const context = { email: 'Tamar.K@example.org' };
      expect(policy.problemWith('my-tamar.k-rules-2024', context)).toMatch(/email/);
      expect(policy.problemWith('my-tamar.k-rules-2024')).toBeNull();
    });

    it('ignores an email local part shorter than 4 characters', () => {
      expect(policy.problemWith('abc-sunny-harbor-77', { email: 'abc@example.org' })).toBeNull();
    });

    it('refuses the full name or display name as the password', () => {
      const context = { fullName: 'Nino Beridze', displayName: 'NinoFromKutaisi' };
      expect(policy.problemWith('nino beridze', context)).toMatch(/name/);
      expect(policy.problemWith('NINOBERIDZE!!', context)).toMatch(/name/);
      expect(policy.problemWith('ninofromkutaisi', context)).toMatch(/name/);
      expect(policy.problemWith('nino beridze', {})).toBeNull();
    });
  });
});
