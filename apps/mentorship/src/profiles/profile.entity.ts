import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { CountryPreference, MentorGender, MentoringArea } from '@weop/contracts';

/** A member with the mentor role who offers mentoring. */
@Entity({ tableName: 'mentor_profile' })
export class MentorProfile {
  [OptionalProps]?: 'industries' | 'gender' | 'bio';
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text[]' }) expertise!: MentoringArea[];
  @Property({ type: 'text[]' }) languages!: string[];
  @Property({ type: 'text[]' }) countries!: string[];
  @Property({ type: 'text' }) timeZone!: string;
  @Property({ type: 'integer' }) capacity!: number;
  @Property({ type: 'boolean' }) available!: boolean;
  @Property({ type: 'text[]' }) industries: string[] = [];
  @Property({ type: 'text' }) gender: MentorGender = 'undisclosed';
  @Property({ type: 'text' }) bio = '';
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

export interface StoredPreferences {
  country: CountryPreference;
  womanMentorOnly: boolean;
  minOverlapHours: number;
}

/** A member looking for a mentor: her goals, areas and preferences (each preference a hard constraint). */
@Entity({ tableName: 'mentee_profile' })
export class MenteeProfile {
  @PrimaryKey({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text[]' }) goals!: string[];
  @Property({ type: 'text[]' }) expertise!: MentoringArea[];
  @Property({ type: 'text[]' }) languages!: string[];
  @Property({ type: 'text' }) timeZone!: string;
  @Property({ type: 'jsonb' }) preferences!: StoredPreferences;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
