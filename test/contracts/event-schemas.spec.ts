/**
 * Independent deploys, the other direction: a consumer still on the previous release validates today's
 * events with the rules it was built with. libs/contracts/fixtures/schemas/<subject>.json is the payload
 * class of each subject as last released (derived from its class-validator rules, test/contracts/event-schema.ts);
 * today's class must publish nothing that description refuses — no required field removed or made
 * optional, no type or format changed, no enum widened, no bound loosened. A change that must do so is a
 * new version (`.v2` beside `.v1`, with its own snapshot). Refresh after a release, deliberately:
 * `npm run contracts:snapshot` (it refuses to record a breaking change over a released one).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { EVENTS } from '@weop/contracts';
import { breakingChanges, describeEvent } from './event-schema';
import type { EventSchema } from './event-schema';

const SCHEMAS = join(__dirname, '..', '..', 'libs', 'contracts', 'fixtures', 'schemas');
const SUBJECTS = Object.keys(EVENTS).sort();
const current = (subject: string): EventSchema => describeEvent(subject, (EVENTS as Record<string, new () => object>)[subject]);
const snapshotFile = (subject: string): string => join(SCHEMAS, `${subject}.json`);
const released = (subject: string): EventSchema => JSON.parse(readFileSync(snapshotFile(subject), 'utf8')) as EventSchema;
const nextVersion = (subject: string): string => subject.replace(/\.v(\d+)$/, (_, n: string) => `.v${Number(n) + 1}`);

describe('event schemas against the last released snapshot', () => {
  if (process.env.WEOP_UPDATE_EVENT_SCHEMAS === '1') {
    it('records every subject\'s schema (WEOP_UPDATE_EVENT_SCHEMAS=1), refusing a breaking change over a released one', () => {
      mkdirSync(SCHEMAS, { recursive: true });
      const refused = SUBJECTS.flatMap((subject) => (existsSync(snapshotFile(subject)) ? breakingChanges(released(subject).fields, current(subject).fields).map((b) => `${subject}: ${b}`) : []));
      expect(refused).toEqual([]);
      for (const subject of SUBJECTS) writeFileSync(snapshotFile(subject), `${JSON.stringify(current(subject), null, 2)}\n`);
      for (const file of readdirSync(SCHEMAS)) if (file.endsWith('.json') && !SUBJECTS.includes(file.replace(/\.json$/, ''))) unlinkSync(join(SCHEMAS, file));
    });
    return;
  }

  it('has a snapshot for every subject in EVENTS, and none for a subject that is gone (npm run contracts:snapshot)', () => {
    const files = existsSync(SCHEMAS) ? readdirSync(SCHEMAS).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')) : [];
    expect({ missing: SUBJECTS.filter((s) => !files.includes(s)), gone: files.filter((f) => !SUBJECTS.includes(f)) }).toEqual({ missing: [], gone: [] });
  });

  it.each(SUBJECTS)("today's producer of %s publishes only what a consumer of the released schema accepts", (subject) => {
    const breaks = breakingChanges(released(subject).fields, current(subject).fields);
    // The message an author sees: what broke, and what to do instead.
    expect(breaks.length === 0 ? 'compatible' : `${subject} would break a consumer still on the previous release:\n  ${breaks.join('\n  ')}\n` +
      `Publish the new shape as ${nextVersion(subject)} beside ${subject} (docs/operations.md, "Event versions"), or undo the change.`).toBe('compatible');
  });
});

describe('the compatibility rules themselves', () => {
  class Reason {
    @IsIn(['spam', 'abuse']) code!: string;
  }
  class Released {
    static readonly subject = 'probe.thing.happened.v1';
    @IsUUID() accountId!: string;
    @IsIn(['active', 'suspended']) status!: string;
    @IsInt() @Min(1) version!: number;
    @IsString() @MaxLength(100) note!: string;
    @IsOptional() @IsString() comment?: string | null;
    @IsArray() @IsUUID('all', { each: true }) sessionIds!: string[];
    @IsOptional() @ValidateNested() @Type(() => Reason) reason!: Reason | null;
  }
  const released = describeEvent(Released.subject, Released).fields;
  const breaksOf = (cls: new () => object): string[] => breakingChanges(released, describeEvent(Released.subject, cls).fields);

  it('accepts additive and narrowing changes', () => {
    class Additive extends Released {
      @IsOptional() @IsString() addedLater?: string;
    }
    class Narrower {
      @IsUUID() accountId!: string;
      @IsIn(['active']) status!: string;
      @IsInt() @Min(2) version!: number;
      @IsString() @MaxLength(50) note!: string;
      @IsString() comment!: string;
      @IsArray() @IsUUID('all', { each: true }) sessionIds!: string[];
      @IsOptional() @ValidateNested() @Type(() => Reason) reason!: Reason | null;
    }
    expect(breaksOf(Released)).toEqual([]);
    expect(breaksOf(Additive)).toEqual([]);
    expect(breaksOf(Narrower)).toEqual([]);
  });

  it('flags a removed or optional required field, a type change, a widened enum, a loosened bound', () => {
    class Broken {
      @IsOptional() @IsUUID() accountId?: string;
      @IsIn(['active', 'suspended', 'expelled']) status!: string;
      @IsString() version!: string;
      @IsString() @MaxLength(500) note!: string;
      @IsOptional() @ValidateNested() @Type(() => Reason) reason!: Reason | null;
    }
    expect(breaksOf(Broken).sort()).toEqual([
      'accountId: a required field became optional',
      'note: maxLength loosened from 100 to 500',
      'sessionIds: a required field was removed',
      'status: its values were widened with "expelled"',
      'version: no longer checked by isInt() (its type or format changed)',
      'version: no longer checked by min(1) (its type or format changed)',
    ]);
    class WiderReason {
      @IsIn(['spam', 'abuse', 'other']) code!: string;
    }
    class NestedWidened extends Released {
      @IsOptional() @ValidateNested() @Type(() => WiderReason) declare reason: WiderReason | null;
    }
    expect(breaksOf(NestedWidened)).toEqual(['reason.code: its values were widened with "other"']);
  });
});
