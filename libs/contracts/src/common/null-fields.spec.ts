import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { Nullable, nullOptionalField } from './null-fields';

class Link {
  @IsOptional() @IsString() title?: string;
  @IsString() url!: string;
}

class Edit {
  @IsOptional() @IsString() bio?: string;
  @IsOptional() @Nullable() @IsString() endsAt?: string | null;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Link) links?: Link[];
  @IsOptional() free?: Record<string, unknown>;
}

const edit = (fields: Record<string, unknown>): Edit => Object.assign(new Edit(), fields);
const link = (fields: Record<string, unknown>): Link => Object.assign(new Link(), fields);

describe('nullOptionalField', () => {
  it('names an optional field sent as null', () => {
    expect(nullOptionalField(edit({ bio: null }))).toBe('bio');
  });

  it('lets a field marked @Nullable be null, and a missing field be missing', () => {
    expect(nullOptionalField(edit({ endsAt: null }))).toBeUndefined();
    expect(nullOptionalField(edit({}))).toBeUndefined();
  });

  it('looks inside nested request objects, naming the path', () => {
    expect(nullOptionalField(edit({ links: [link({ url: 'https://a.example' }), link({ url: 'https://b.example', title: null })] }))).toBe('links.1.title');
  });

  it('leaves free-form JSON (plain objects) alone', () => {
    expect(nullOptionalField(edit({ free: { anything: null } }))).toBeUndefined();
  });
});
