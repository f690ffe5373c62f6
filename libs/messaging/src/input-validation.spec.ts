import { IsArray, IsDefined, IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { DomainError } from '@weop/contracts';
import { MAX_INPUT_DEPTH, PlatformValidationPipe, canonicalIds, controlCharacterField } from './rpc-errors';

class Part {
  @IsString() @MaxLength(5) name!: string;
}

class Form {
  @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email!: string;
  @IsDefined({ message: 'is required (or give another)' }) @IsString() @MaxLength(10) code!: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsString() @MaxLength(3) q?: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => Part) parts?: Part[];
}

const problems = async (value: unknown): Promise<unknown> => {
  try {
    await new PlatformValidationPipe().transform(value, { type: 'body', metatype: Form });
  } catch (error) {
    return (error as DomainError).details;
  }
  return [];
};

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('validation problems', () => {
  it('says a missing field is required, whatever else its rules say', async () => {
    expect(await problems({})).toEqual([
      { field: 'email', problem: 'is required' },
      { field: 'code', problem: 'is required (or give another)' },
    ]);
  });

  it('names a wrong type before a length or a range', async () => {
    expect(await problems({ email: 42, code: ['a'], limit: 'abc', q: ['a', 'b'] })).toEqual([
      { field: 'email', problem: 'must be an email address' },
      { field: 'code', problem: 'must be a string' },
      { field: 'limit', problem: 'must be an integer number' },
      { field: 'q', problem: 'must be a string' },
    ]);
    expect(await problems({ email: 'a@example.org', code: 'x', limit: '500', q: 'long' })).toEqual([
      { field: 'limit', problem: 'must not be greater than 100' },
      { field: 'q', problem: 'must be shorter than or equal to 3 characters' },
    ]);
  });

  it('names one problem per field, and looks inside a field only when the field itself is right', async () => {
    expect(await problems({ email: 'a@example.org', code: 'x', parts: 'not a list' })).toEqual([{ field: 'parts', problem: 'must be an array' }]);
    expect(await problems({ email: 'a@example.org', code: 'x', parts: [{ name: 'ok' }, { name: 7 }] })).toEqual([{ field: 'parts.1.name', problem: 'must be a string' }]);
    expect(await problems({ email: 'a@example.org', code: 'x', extra: 1 })).toEqual([{ field: 'extra', problem: 'property extra should not exist' }]);
  });
});

describe('nesting', () => {
  it(`refuses input nested deeper than ${MAX_INPUT_DEPTH} levels with VALIDATION_FAILED, not a stack overflow`, async () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    for (const walk of [() => controlCharacterField(deep), () => canonicalIds(deep), () => controlCharacterField({ bio: nested(MAX_INPUT_DEPTH) })]) {
      expect(walk).toThrow(DomainError);
    }
    expect(await problems({ email: deep })).toEqual([{ field: expect.stringMatching(/^email\[0\]/), problem: `is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)` }]);
    // Up to the limit, input is walked as before.
    expect(controlCharacterField(nested(MAX_INPUT_DEPTH))).toBeUndefined();
    expect(canonicalIds(nested(MAX_INPUT_DEPTH))).toEqual(nested(MAX_INPUT_DEPTH));
  });
});
