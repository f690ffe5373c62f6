/**
 * The member directory (API.md "Community": `GET /members`), served by identity, which owns
 * profiles and their visibility rules: only members who chose to be listed, only public fields.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { CAREC_COUNTRIES } from '../common/reference-data';
import type { CarecCountry } from '../common/reference-data';

export const DirectoryRequests = {
  search: 'identity.directory.search',
} as const;

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export class DirectoryQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 100, description: 'Words in her public name or her organisation; case and accents do not matter' })
  @IsOptional() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CAREC_COUNTRIES })
  @IsOptional() @IsIn(CAREC_COUNTRIES, { message: `must be a CAREC member code: ${CAREC_COUNTRIES.join(' ')}` })
  country?: CarecCountry;

  @ApiPropertyOptional({ maxLength: 60, description: 'One of her areas of expertise (case and accents do not matter)' })
  @IsOptional() @IsString() @Matches(/\S/, { message: 'must not be blank' }) @MaxLength(60)
  expertise?: string;

  @ApiPropertyOptional({ description: 'A language tag such as `en`, `ru`, `kk`' })
  @IsOptional() @Matches(LANGUAGE_TAG, { message: 'must be a language tag such as en or kk' })
  language?: string;

  @ApiPropertyOptional({ maxLength: 160, description: 'Her organisation, the whole name (case and accents do not matter)' })
  @IsOptional() @IsString() @Matches(/\S/, { message: 'must not be blank' }) @MaxLength(160)
  organization?: string;
}

/** A listed member as other members see her: her public profile's fields, nothing more. */
export class DirectoryEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional({ description: 'Only when she chose to show her legal name' }) fullName?: string;
  @ApiProperty({ enum: CAREC_COUNTRIES }) country!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Only when she chose to show her city' }) city!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Only when she chose to show her email' }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) organization!: string | null;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: [String] }) expertise!: string[];
  @ApiProperty({ nullable: true, type: String }) photoUrl!: string | null;
  @ApiProperty({ description: 'Her identity was verified' }) verified!: boolean;
}

export class DirectoryPage {
  @ApiProperty({ type: [DirectoryEntry] }) items!: DirectoryEntry[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
