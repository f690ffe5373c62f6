import { Migration } from '@mikro-orm/migrations';

/**
 * Photo reuse (issue 5): the perceptual hash of each member's current photo, and which pairs of
 * profiles a report has already named, so that uploading the same photo again files nothing new.
 * Both go with her profile (deleting the account deletes the profile row).
 */
export class PhotoHashesMigration extends Migration {
  override up(): void {
    // `hash` is the 64-bit pHash read as a signed bigint; `since` is when she first showed this photo
    // (kept across re-uploads of a near-identical one). No index on `hash`: every upload compares it
    // with every other row by Hamming distance, which no b-tree helps; the narrow table is scanned
    // (100k rows in about 7 ms, docs/performance.md "Photo reuse").
    this.addSql(`create table "profile_photo_hash" (
      "account_id" uuid primary key references "profile" ("account_id") on delete cascade,
      "hash" bigint not null,
      "since" timestamptz not null
    );`);
    this.addSql(`create table "photo_reuse_match" (
      "subject_id" uuid not null references "profile" ("account_id") on delete cascade,
      "subject_since" timestamptz not null,
      "matched_id" uuid not null references "profile" ("account_id") on delete cascade,
      "report_id" uuid not null,
      "filed_at" timestamptz not null,
      primary key ("subject_id", "subject_since", "matched_id")
    );`);
    this.addSql(`create index "photo_reuse_match_matched_idx" on "photo_reuse_match" ("matched_id", "subject_id");`);
  }
}
