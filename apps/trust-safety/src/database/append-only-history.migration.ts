import { Migration } from '@mikro-orm/migrations';

/** A case's history refuses changes loudly (rules turned them silently into nothing). */
export class AppendOnlyHistoryMigration extends Migration {
  override up(): void {
    this.addSql(`drop rule if exists "case_event_no_update" on "case_event";`);
    this.addSql(`drop rule if exists "case_event_no_delete" on "case_event";`);
    this.addSql(`create function "case_event_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'case_event is append-only: % refused', tg_op;
      end $$;`);
    this.addSql(`create trigger "case_event_append_only" before update or delete on "case_event" for each row execute function "case_event_append_only"();`);
  }
}
