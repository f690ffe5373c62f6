/**
 * The operators' command line: `npm run weop -- <command>` (docs/operations.md is the runbook).
 *   dead-letters list                 what is parked in the dead-letter stream, oldest first
 *   dead-letters replay <seq>         put one back on its subject (consumers' inboxes drop duplicates)
 *   dead-letters replay --all         put all of them back
 *   reconcile [--dry-run]             re-publish events whose effects are missing (a report with no case,
 *                                     a sanction a service never applied)
 *   replica rebuild [--gateways <n>]  every running gateway reloads its account status replica
 *   admin create <email>              an admin (password from WEOP_ADMIN_PASSWORD or stdin), or the
 *                                     admin role for the existing account
 *   matching run <programmeId>        propose a matching run for a mentorship programme
 * Reads NATS_URL, WEOP_NATS_NAMESPACE and WEOP_SERVICES like the services and the gateway do. Every
 * command but dead-letters asks the owning service over NATS (`OpsRequests`, `rpc.<service>.ops.…`);
 * none touches a database.
 */
import 'reflect-metadata';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { connect, createInbox, JSONCodec } from 'nats';
import type { NatsConnection } from 'nats';
import { DomainError, OpsRequests } from '@weop/contracts';
import type { CreateAdminOutcome, MatchingRunView, ReplicaRebuilt } from '@weop/contracts';
import { DEFAULT_EVENT_RETENTION_DAYS, DeadLetters, MIN_EVENT_RETENTION_DAYS, Naming, ServiceClient, TooOldToReplay, natsServerOptions, reconcileHorizon } from '@weop/messaging';
import { ConfigError, loadConfig, toInt, toList } from '@weop/observability';
import { reconcile } from './cli/reconcile';

const SERVICES = ['identity', 'content', 'trust-safety', 'awards', 'mentorship', 'community'];

class CliConfig {
  @IsString() @Matches(/^(nats|tls):\/\//, { message: 'must be a nats:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsString() @Matches(/^[A-Za-z0-9_-]{0,32}$/, { message: 'must be up to 32 letters, digits, _ or -' })
  WEOP_NATS_NAMESPACE = '';

  /** The services deployed, as the gateway's WEOP_SERVICES says; reconcile asks only these. */
  @Transform(toList) @IsArray() @IsIn(SERVICES, { each: true, message: `must list services among ${SERVICES.join(', ')}` })
  WEOP_SERVICES: string[] = SERVICES;

  /** The services' WEOP_EVENT_RETENTION_DAYS: reconcile looks only at events younger than their inbox entries are kept. */
  @Transform(toInt) @IsInt() @Min(MIN_EVENT_RETENTION_DAYS) @Max(3650)
  WEOP_EVENT_RETENTION_DAYS = DEFAULT_EVENT_RETENTION_DAYS;

  /** For `admin create`, instead of stdin. Never taken from the command line, never printed. */
  @IsOptional() @IsString()
  WEOP_ADMIN_PASSWORD?: string;
}

const USAGE = `Usage: npm run weop -- <command>
  dead-letters list
  dead-letters replay <seq>
  dead-letters replay --all
  reconcile [--dry-run]
  replica rebuild [--gateways <n>]
  admin create <email>          (password: WEOP_ADMIN_PASSWORD, else the first line of stdin)
  matching run <programmeId>`;

export interface CliIo {
  out: (line: string) => void;
  /** The admin's password when WEOP_ADMIN_PASSWORD is not set. */
  readSecret: (prompt: string) => Promise<string>;
}

type Command = (args: string[], context: { nc: NatsConnection; naming: Naming; config: CliConfig; io: CliIo }) => Promise<number>;

const COMMANDS: Record<string, Record<string, Command>> = {
  'dead-letters': {
    list: async (_args, { nc, naming, io }) => {
      const list = await new DeadLetters(await nc.jetstreamManager(), nc.jetstream(), naming).list();
      if (list.length === 0) io.out('No dead letters.');
      for (const l of list) {
        io.out(`#${l.seq}  ${l.storedAt}  ${l.subject}  consumer=${l.consumer}  event=${l.eventId}  deliveries=${l.deliveries}\n      ${l.error}`);
      }
      return 0;
    },
    replay: async ([arg], { nc, naming, config, io }) => {
      const letters = new DeadLetters(await nc.jetstreamManager(), nc.jetstream(), naming);
      // Only events the consumers' inboxes still remember (docs/operations.md, "Event history retention").
      const notBefore = reconcileHorizon(config.WEOP_EVENT_RETENTION_DAYS);
      if (arg === '--all') {
        const { replayed, tooOld } = await letters.replayAll(notBefore);
        io.out(`Replayed ${replayed.length} dead letter(s).`);
        for (const old of tooOld) io.out(`Not replayed #${old.seq} (event ${old.eventId}, ${old.subject}): older than the event history kept; apply its effect by hand if it is still wanted.`);
        return tooOld.length > 0 ? 1 : 0;
      }
      const seq = Number(arg);
      if (!Number.isInteger(seq) || seq <= 0) {
        io.out('Name the dead letter by its sequence number (see `dead-letters list`), or --all.');
        return 2;
      }
      try {
        const letter = await letters.replay(seq, notBefore);
        io.out(`Replayed #${seq}: ${letter.subject} (event ${letter.eventId}) for ${letter.consumer}.`);
        return 0;
      } catch (error) {
        if (!(error instanceof TooOldToReplay)) throw error;
        io.out(error.message);
        return 1;
      }
    },
  },
  reconcile: {
    '': async (args, { nc, naming, config, io }) => {
      const unknown = args.filter((a) => a !== '--dry-run');
      if (unknown.length > 0) {
        io.out(USAGE);
        return 2;
      }
      const dryRun = args.includes('--dry-run');
      const since = reconcileHorizon(config.WEOP_EVENT_RETENTION_DAYS);
      const summary = await reconcile({ client: new ServiceClient(nc, naming), services: config.WEOP_SERVICES, dryRun, out: io.out, since });
      io.out(dryRun ? `Dry run: ${summary.missing} event(s) would be re-published.` : `Re-published ${summary.republished} event(s).`);
      if (summary.failed.length > 0) io.out(`Incomplete: ${summary.failed.join(', ')} could not be reconciled; run it again once every service answers.`);
      return summary.failed.length > 0 ? 1 : 0;
    },
  },
  replica: {
    rebuild: async (args, { nc, naming, io }) => {
      const expected = args[0] === '--gateways' ? Number(args[1]) : undefined;
      if ((args.length > 0 && args[0] !== '--gateways') || (expected !== undefined && !(Number.isInteger(expected) && expected > 0))) {
        io.out(USAGE);
        return 2;
      }
      const answers = await askEveryGateway(nc, naming, expected);
      for (const a of answers) io.out('error' in a ? `${a.gateway}: failed, ${a.error} (it keeps the replica it had)` : `${a.gateway}: rebuilt, ${a.accounts} account(s) held`);
      const rebuilt = answers.filter((a) => !('error' in a)).length;
      io.out(answers.length === 0 ? 'No gateway answered.' : `${rebuilt} of ${answers.length} gateway(s) rebuilt their replica.`);
      if (expected !== undefined && answers.length < expected) io.out(`Expected ${expected} gateway(s); ${expected - answers.length} did not answer.`);
      return answers.length > 0 && rebuilt === answers.length && (expected === undefined || answers.length >= expected) ? 0 : 1;
    },
  },
  admin: {
    create: async ([email, ...rest], { nc, naming, config, io }) => {
      if (!email || rest.length > 0) {
        io.out(USAGE);
        return 2;
      }
      const password = config.WEOP_ADMIN_PASSWORD ?? (await io.readSecret(`Password for ${email}: `));
      const outcome = await new ServiceClient(nc, naming).request<CreateAdminOutcome>(OpsRequests.createAdmin, { email, password }, { timeoutMs: 15_000 });
      const said = { created: 'created, with the admin role', promoted: 'existed; given the admin role', 'already-admin': 'is an admin already; nothing changed' }[outcome.outcome];
      io.out(`${email} (account ${outcome.accountId}) ${said}.`);
      return 0;
    },
  },
  matching: {
    run: async ([programmeId, ...rest], { nc, naming, io }) => {
      if (!programmeId || rest.length > 0) {
        io.out(USAGE);
        return 2;
      }
      // A large cohort takes a while (docs/performance.md, "Mentorship matching").
      const run = await new ServiceClient(nc, naming).request<MatchingRunView>(OpsRequests.runMatching, { programmeId }, { timeoutMs: 120_000 });
      io.out(`Matching run ${run.id} for programme ${run.programmeId}: ${run.proposals.length} proposal(s), total score ${run.totalScore} (best pairs first would reach ${run.greedyScore}); ${run.unmatched.length} mentee(s) without a proposal.`);
      io.out('Nothing is published yet: a programme administrator reviews and publishes it (POST /api/v1/mentorship/programmes/{id}/matching-runs/{runId}/publish).');
      return 0;
    },
  },
};

/**
 * Every gateway subscribes to the rebuild subject without a queue group, so one publish reaches them
 * all and each answers on our inbox. With `expected` we stop once that many answered; otherwise once
 * a second has passed without a new answer (a rebuild is one snapshot read), and after 30 s in any case.
 */
async function askEveryGateway(nc: NatsConnection, naming: Naming, expected?: number): Promise<(ReplicaRebuilt | { gateway: string; error: string })[]> {
  const codec = JSONCodec<ReplicaRebuilt | { gateway: string; error: string }>();
  const inbox = createInbox();
  const answers: (ReplicaRebuilt | { gateway: string; error: string })[] = [];
  const sub = nc.subscribe(inbox);
  const deadline = Date.now() + 30_000;
  nc.publish(naming.rpc(OpsRequests.rebuildStatusReplica), new Uint8Array(), { reply: inbox });
  let quietSince = Date.now();
  const timer = setInterval(() => {
    const quietFor = Date.now() - quietSince;
    if (Date.now() > deadline || (expected === undefined && answers.length > 0 && quietFor > 1000) || (expected === undefined && answers.length === 0 && quietFor > 10_000)) {
      sub.unsubscribe();
    }
  }, 100);
  try {
    for await (const msg of sub) {
      // The server's "no responders" status (503, no data): no gateway is subscribed at all.
      if (msg.data.length === 0 && msg.headers?.code === 503) break;
      answers.push(codec.decode(msg.data));
      quietSince = Date.now();
      if (expected !== undefined && answers.length >= expected) break;
    }
  } finally {
    clearInterval(timer);
    sub.unsubscribe();
  }
  return answers;
}

/** The first line of stdin; on a terminal, read without echo. */
async function readSecretFromStdin(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    return new Promise((resolve, reject) => {
      let secret = '';
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
          if (ch === '\u0003') return done(new Error('cancelled'));
          if (ch === '\u007f' || ch === '\b') secret = [...secret].slice(0, -1).join('');
          else secret += ch;
        }
      };
      const done = (error?: Error): void => {
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
        process.stderr.write('\n');
        if (error) reject(error);
        else resolve(secret);
      };
      stdin.on('data', onData);
    });
  }
  let text = '';
  for await (const chunk of stdin) {
    text += (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0];
}

/** Runs one command; returns the exit code. Exported for tests. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  readSecret: (prompt: string) => Promise<string> = readSecretFromStdin,
): Promise<number> {
  const [group, second, ...rest] = argv;
  const commands = group ? COMMANDS[group] : undefined;
  // `reconcile` has no sub-command: what follows it are its options.
  const [command, args] = commands && '' in commands ? [commands[''], argv.slice(1)] : [commands?.[second ?? ''], rest];
  if (!command) {
    out(USAGE);
    return group === undefined || group === '--help' ? 0 : 2;
  }
  const config = loadConfig(CliConfig, env);
  const nc = await connect({ ...natsServerOptions(config.NATS_URL), timeout: 3000 });
  try {
    return await command(args, { nc, naming: new Naming(config.WEOP_NATS_NAMESPACE), config, io: { out, readSecret } });
  } catch (error) {
    // A service's refusal (a weak password, an unknown programme, a service away) is the operator's to read.
    if (error instanceof DomainError) {
      const details = error.details.map((d) => { const p = d as { field?: string; problem?: string }; return p.field ? ` ${p.field}: ${p.problem}` : ''; }).join(';');
      out(`${error.code}: ${error.message}${details}`);
      return 1;
    }
    throw error;
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
