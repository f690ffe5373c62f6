import { Migration } from '@mikro-orm/migrations';

/** Indexes for the per-member caps: group posts a minute, invitations to strangers a day. */
export class GroupLimitsMigration extends Migration {
  override up(): void {
    this.addSql('create index "group_post_author_idx" on "group_post" ("author_id", "created_at");');
    this.addSql('create index "group_invitation_inviter_idx" on "group_invitation" ("invited_by", "created_at");');
  }
}
