/**
 * The operators' command line: `npm run weop -- <command>`.
 *   dead-letters list                 what is parked in the dead-letter stream, oldest first
 *   dead-letters replay <seq>         put one back on its subject (consumers' inboxes drop duplicates)
 *   dead-letters replay --all         put all of them back
 * Reads NATS_URL and WEOP_NATS_NAMESPACE like the services do.
 */
import 'reflect-metadata';
import { IsString, Matches } from 'class-validator';
import { connect } from 'nats';
import { DeadLetters, Naming, natsServerOptions } from '@weop/messaging';
import { ConfigError, loadConfig } from '@weop/observability';

class CliConfig {
  @IsString() @Matches(/^(nats|tls):\/\//, { message: 'must be a nats:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsString() @Matches(/^[A-Za-z0-9_-]{0,32}$/, { message: 'must be up to 32 letters, digits, _ or -' })
  WEOP_NATS_NAMESPACE = '';
}

const USAGE = `Usage: npm run weop -- <command>
  dead-letters list
  dead-letters replay <seq>
  dead-letters replay --all`;

/** Runs one command; returns the exit code. Exported for tests. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const [group, command, arg] = argv;
  if (group !== 'dead-letters' || !['list', 'replay'].includes(command ?? '')) {
    out(USAGE);
    return group === undefined || group === '--help' ? 0 : 2;
  }
  const config = loadConfig(CliConfig, env);
  const nc = await connect({ ...natsServerOptions(config.NATS_URL), timeout: 3000 });
  try {
    const letters = new DeadLetters(await nc.jetstreamManager(), nc.jetstream(), new Naming(config.WEOP_NATS_NAMESPACE));
    if (command === 'list') {
      const list = await letters.list();
      if (list.length === 0) out('No dead letters.');
      for (const l of list) {
        out(`#${l.seq}  ${l.storedAt}  ${l.subject}  consumer=${l.consumer}  event=${l.eventId}  deliveries=${l.deliveries}\n      ${l.error}`);
      }
      return 0;
    }
    if (arg === '--all') {
      const replayed = await letters.replayAll();
      out(`Replayed ${replayed.length} dead letter(s).`);
      return 0;
    }
    const seq = Number(arg);
    if (!Number.isInteger(seq) || seq <= 0) {
      out('Name the dead letter by its sequence number (see `dead-letters list`), or --all.');
      return 2;
    }
    const letter = await letters.replay(seq);
    out(`Replayed #${seq}: ${letter.subject} (event ${letter.eventId}) for ${letter.consumer}.`);
    return 0;
  } finally {
    await nc.close();
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).message}\n`);
      process.exit(1);
    },
  );
}
