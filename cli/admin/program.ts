import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ApiError, answer, asJson, type components, type UnionClient } from '../../client/index.js';
import { peek, redrive } from '../dlq.js';
import { progressBar } from '../progress.js';
import { apiClient, consumerQueues, UsageError, type QueueOptions, type Surroundings } from './connection.js';
import { importOrgs, readOrgFile, UnreadableFileError } from './org-import.js';
import { barChart, table, yuan } from './render.js';

/** Where the CLI writes, and what it reads besides its arguments. */
export interface AdminIo extends Surroundings {
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` is a terminal (the progress bar redraws in place only there). */
  errIsTerminal: boolean;
}

/** What a command answers: its JSON for `--json`, its text otherwise, and whether it failed. */
interface Outcome {
  json: unknown;
  text: string;
  failed?: boolean;
}

const ACCOUNT_KINDS = ['partner', 'donor', 'employer'] as const;
type AccountKind = (typeof ACCOUNT_KINDS)[number];

function integer(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
    return Number(value);
  };
}

/** Every page of a list. */
async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const answered = await page(cursor);
    items.push(...answered.items);
    cursor = answered.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const byCount = (counts: Record<string, number>) => Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));

function statsText(stats: components['schemas']['OrgStats'], year: number | undefined): string {
  const { members, subtree, target, rosters, fairs, wishes, helpRequests, serviceStations } = stats;
  const figures = table(
    ['figure', 'value'],
    [
      ['members active', members.active],
      ['members pending', members.pending],
      ['subtree active', subtree.active],
      ['subtree pending', subtree.pending],
      ['target', target ? `${target.members.toLocaleString('en-US')} in ${target.year} (${percent(target.progress)} reached)` : `none${year ? ` in ${year}` : ''}`],
      ['rostered riders', rosters.riders],
      ['riders who are members', rosters.ridersWhoAreMembers],
      ['roster coverage', percent(rosters.coverage)],
      ['job fairs', fairs.count],
      ['hiring intentions', fairs.intentions],
      ['wishes fulfilled', wishes.fulfilled],
      ['wish value (yuan)', yuan(wishes.valueFen)],
      ['help: recovered (yuan)', yuan(helpRequests.recoveredFen)],
      ['help: aid paid (yuan)', yuan(helpRequests.aidFen)],
      ['service stations', serviceStations.count],
    ],
  );
  const charts = [
    barChart('Members by occupation', byCount(members.byOccupation)),
    barChart('Members by platform', byCount(members.byPlatform)),
    barChart('Help requests by status', byCount(helpRequests.byStatus)),
    ...(target ? [barChart(`Target ${target.year}`, [['target', target.members], ['subtree active', subtree.active]])] : []),
  ];
  return [`Stats of ${stats.orgId}${year ? ` for ${year}` : ''}`, figures, ...charts].join('\n\n');
}

function campaignText(report: components['schemas']['CampaignReport']): string {
  const statuses = Object.keys(report.byStatus) as (keyof typeof report.byStatus)[];
  return [
    `${report.title} (${report.campaignId}): budget ${yuan(report.budgetFen)} yuan, spent ${yuan(report.spentFen)}`,
    table(['category', 'total', ...statuses], report.byCategory.map((row) => [row.category, row.total, ...statuses.map((status) => row.byStatus[status])])),
    table(
      ['value', 'yuan'],
      [
        ['adopted by donors', yuan(report.value.adoptedByDonorsFen)],
        ['funded by the union', yuan(report.value.fundedByUnionFen)],
        ['fulfilled', yuan(report.value.fulfilledFen)],
      ],
    ),
    table(['donor', 'wishes', 'yuan', 'delivered', 'fulfilled'], report.donors.map((donor) => [donor.name, donor.wishes, yuan(donor.valueFen), donor.delivered, donor.fulfilled])),
  ].join('\n\n');
}

function fairText(report: components['schemas']['FairReport']): string {
  const { fair, employers, totals } = report;
  return [
    `${fair.title} (${fair.id}), ${fair.startsAt} to ${fair.endsAt}, ${fair.online ? 'online' : fair.venue}`,
    table(['employer', 'jobs', 'positions', 'intentions'], employers.map((employer) => [employer.name, employer.jobs, employer.positions, employer.intentions])),
    `totals: ${totals.employers} employers, ${totals.positions} positions, ${totals.checkins} check-ins, ${totals.intentions} intentions`,
  ].join('\n\n');
}

/** Describes a dead-letter message by the event envelope it carries, when it carries one. */
function deadLetter(message: { MessageId?: string; Body?: string; Attributes?: Record<string, string> }) {
  let event: { id?: unknown; type?: unknown; occurredAt?: unknown } = {};
  try {
    event = JSON.parse(message.Body ?? '');
  } catch {
    // Not JSON: listed by its message id alone.
  }
  const sent = message.Attributes?.SentTimestamp;
  return {
    messageId: message.MessageId ?? '',
    eventId: typeof event.id === 'string' ? event.id : null,
    type: typeof event.type === 'string' ? event.type : null,
    occurredAt: typeof event.occurredAt === 'string' ? event.occurredAt : null,
    deadLetteredAt: sent ? new Date(Number(sent)).toISOString() : null,
    body: message.Body ?? '',
  };
}

/**
 * The admin CLI's commands. Each action answers an `Outcome`; the program prints it as text or
 * JSON. Built afresh per run so that tests run it in-process with their own output and
 * environment.
 */
export function adminProgram(io: AdminIo): { program: Command; outcome: () => Outcome | undefined } {
  let outcome: Outcome | undefined;
  const program = new Command('admin')
    .description('Run a union province from a terminal: orgs, accounts, targets, stats, reports, dead-letter queues, erasure')
    .option('--url <url>', 'the API (default UNION_API_URL, else the local province of .local/demo.json)')
    .option('--json', 'print JSON for scripts instead of text')
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  /** The action of a command that talks to the API: it answers an outcome from the API client. */
  const withApi =
    <A extends unknown[]>(run: (api: UnionClient, ...args: A) => Promise<Outcome>) =>
    async (...args: A) => {
      const command = args[args.length - 1] as Command;
      outcome = await run(apiClient(command.optsWithGlobals<{ url?: string }>().url, io), ...args);
    };

  const orgs = program.command('orgs').description('The union tree');
  orgs
    .command('import')
    .description('Create orgs from a CSV file with the columns name,kind,parent,regionCode (parent: an org id or the name of an earlier row); a second run finds what the first created')
    .argument('<file>', 'the CSV file')
    .action(
      withApi(async (api, file: string) => {
        const rows = await readOrgFile(file);
        const bar = progressBar(io.err, io.errIsTerminal);
        const report = await importOrgs(api, rows, (done, total) => bar(done, total, `imported ${done} of ${total} rows`));
        const lines = report.rows.map((row) => `line ${row.line}: ${row.name}: ${row.outcome}${row.id ? ` ${row.id}` : ''}${row.error ? `: ${row.error}` : ''}`);
        lines.push(`${report.created} created, ${report.existing} already there, ${report.failed} failed`);
        return { json: report, text: lines.join('\n'), failed: report.failed > 0 };
      }),
    );

  const accounts = program.command('accounts').description('Partner, donor and employer accounts (province admin)');
  accounts
    .command('create')
    .description('Create an account and print its API key, which is shown only this once')
    .addOption(new Option('--kind <kind>', 'the account kind').choices(ACCOUNT_KINDS).makeOptionMandatory())
    .requiredOption('--name <name>', "the organization's name")
    .requiredOption('--credit-code <code>', 'its unified social credit code (18 characters)')
    .action(
      withApi(async (api, options: { kind: AccountKind; name: string; creditCode: string }) => {
        const account = await answer(api.POST('/v1/accounts', { body: { kind: options.kind, name: options.name, creditCode: options.creditCode } }));
        return { json: account, text: `account ${account.id} (${account.kind}, ${account.name})\nAPI key (shown only now; store it safely): ${account.apiKey}` };
      }),
    );
  accounts
    .command('rotate')
    .description("Issue a new API key for an account; the previous key stops at once, or after the overlap asked for")
    .argument('<accountId>', 'the account')
    .option('--keep-previous-hours <hours>', 'hours the previous key keeps working (0-72)', integer(0, 72), 0)
    .action(
      withApi(async (api, accountId: string, options: { keepPreviousHours: number }) => {
        const key = await answer(api.POST('/v1/accounts/{accountId}/keys', { params: { path: { accountId } }, body: { keepPreviousForHours: options.keepPreviousHours } }));
        const previous = options.keepPreviousHours > 0 ? `the previous key works for ${options.keepPreviousHours} more hours` : 'the previous key no longer works';
        return { json: { accountId, ...key, keepPreviousForHours: options.keepPreviousHours }, text: `new API key of ${accountId} (shown only now): ${key.apiKey}\n${previous}` };
      }),
    );
  accounts
    .command('list')
    .description('List accounts, without their keys')
    .addOption(new Option('--kind <kind>', 'only this kind (default: all)').choices(ACCOUNT_KINDS))
    .action(
      withApi(async (api, options: { kind?: AccountKind }) => {
        const items = [];
        for (const kind of options.kind ? [options.kind] : ACCOUNT_KINDS) {
          items.push(...(await allPages((cursor) => answer(api.GET('/v1/accounts', { params: { query: { kind, limit: 100, ...(cursor ? { cursor } : {}) } } })))));
        }
        return { json: { items }, text: table(['id', 'kind', 'name', 'created'], items.map((account) => [account.id, account.kind, account.name, account.createdAt])) };
      }),
    );

  program
    .command('targets')
    .description("An org's yearly membership target")
    .command('set')
    .description("Set an org's membership target for a year")
    .argument('<orgId>', 'the org')
    .requiredOption('--year <year>', 'the year', integer(2000, 2100))
    .requiredOption('--members <members>', 'the members to reach', integer(0, 10_000_000))
    .action(
      withApi(async (api, orgId: string, options: { year: number; members: number }) => {
        const target = await answer(api.PUT('/v1/orgs/{orgId}/targets/{year}', { params: { path: { orgId, year: String(options.year) } }, body: { members: options.members } }));
        return { json: target, text: `target of ${target.orgId} for ${target.year}: ${target.members.toLocaleString('en-US')} members` };
      }),
    );

  program
    .command('stats')
    .description("An org's figures as a table and bar charts (its subtree included)")
    .argument('<orgId>', 'the org')
    .option('--year <year>', 'the year of the target and yearly counters (default: this year)', integer(2000, 2100))
    .action(
      withApi(async (api, orgId: string, options: { year?: number }) => {
        const stats = await answer(api.GET('/v1/orgs/{orgId}/stats', { params: { path: { orgId }, query: options.year ? { year: String(options.year) } : {} } }));
        return { json: stats, text: statsText(stats, options.year) };
      }),
    );

  /** `<group> report <id>`: a report the API answers as JSON (or CSV), printed as tables. */
  const reportCommand = <R>(group: string, groupDescription: string, description: string, id: string, fetch: (api: UnionClient, id: string) => Promise<R>, text: (report: R) => string) =>
    program
      .command(group)
      .description(groupDescription)
      .command('report')
      .description(description)
      .argument(`<${id}>`)
      .action(
        withApi(async (api, value: string) => {
          const report = await fetch(api, value);
          return { json: report, text: text(report) };
        }),
      );
  const json = { accept: 'application/json' };
  reportCommand(
    'campaigns',
    'Micro-wish campaigns',
    "A campaign's report: wishes by category and status, value adopted and funded, per-donor totals",
    'campaignId',
    async (api, campaignId) => asJson(await answer(api.GET('/v1/campaigns/{campaignId}/report', { params: { path: { campaignId } }, headers: json }))),
    campaignText,
  );
  reportCommand(
    'fairs',
    'Job fairs',
    "A fair's report: positions and intentions per employer, totals with check-ins",
    'fairId',
    async (api, fairId) => asJson(await answer(api.GET('/v1/fairs/{fairId}/report', { params: { path: { fairId } }, headers: json }))),
    fairText,
  );

  program
    .command('erase')
    .description("Erase a member's personal data, for a request the member made and staff verified in person (cannot be undone)")
    .argument('<membershipId>', 'the membership')
    .option('--yes', 'confirm: the request is verified')
    .action(
      withApi(async (api, membershipId: string, options: { yes?: boolean }) => {
        if (!options.yes) throw new UsageError('Erasure cannot be undone: add --yes once the member\'s request is verified');
        const erased = await answer(api.POST('/v1/memberships/{membershipId}/erasure', { params: { path: { membershipId } } }));
        return { json: { membershipId, ...erased }, text: `membership ${membershipId}: ${erased.status} (personal data removed; anonymous counts remain)` };
      }),
    );

  const dlq = program.command('dlq').description("A consumer's dead-letter queue (talks to SQS, not the API)");
  const queueOptions = (command: Command) =>
    command
      .option('--queue-url <url>', "the consumer's queue (deployed stacks)")
      .option('--dlq-url <url>', 'its dead-letter queue (deployed stacks)')
      .option('--queue-prefix <prefix>', 'the local runtime\'s queue name prefix (default: from .local/demo.json)')
      .option('--sqs-endpoint <url>', 'an SQS endpoint (default UNION_SQS_ENDPOINT, else the local emulator of .local/demo.json)');
  queueOptions(dlq.command('list').description('List the messages waiting in the dead-letter queue, without removing them'))
    .argument('<consumer>', 'the consumer, e.g. statsProjector')
    .option('--max <count>', 'list at most this many', integer(1, 10_000), 100)
    .action(async (consumer: string, options: QueueOptions & { max: number }) => {
      const { sqs, dlqUrl } = await consumerQueues(consumer, options, io);
      const items = (await peek(sqs, dlqUrl, options.max)).map(deadLetter);
      outcome = {
        json: { consumer, items },
        text: items.length === 0 ? `the dead-letter queue of ${consumer} is empty` : table(['message', 'event type', 'event id', 'dead-lettered'], items.map((item) => [item.messageId, item.type ?? '?', item.eventId ?? '?', item.deadLetteredAt ?? '?'])),
      };
    });
  queueOptions(dlq.command('redrive').description('Move every message of the dead-letter queue back to its queue, once the bug that failed them is fixed'))
    .argument('<consumer>', 'the consumer, e.g. statsProjector')
    .action(async (consumer: string, options: QueueOptions) => {
      const { sqs, queueUrl, dlqUrl } = await consumerQueues(consumer, options, io);
      const result = await redrive(sqs, { queueUrl, dlqUrl }, (moved) => io.err(`moved ${moved}\n`));
      outcome = {
        json: { consumer, ...result },
        text: `${result.moved} moved back to ${consumer}${result.failed > 0 ? `, ${result.failed} could not be sent and stay in the dead-letter queue` : ''}`,
        failed: result.failed > 0,
      };
    });

  return { program, outcome: () => outcome };
}

/**
 * Runs the admin CLI with `args` (what follows `npm run admin --`); answers the exit code:
 * 0 done, 1 failed (the API refused, a row failed), 2 a usage mistake (a bad argument, no API).
 */
export async function runAdmin(args: readonly string[], io: AdminIo): Promise<number> {
  const { program, outcome } = adminProgram(io);
  const json = args.includes('--json');
  const fail = (code: number, message: string, extra: Record<string, unknown> = {}) => {
    io.err(json ? `${JSON.stringify({ error: message, ...extra })}\n` : `${message}\n`);
    return code;
  };
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    // Commander has printed its own message (or the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError || error instanceof UnreadableFileError) return fail(2, error.message);
    if (error instanceof ApiError) return fail(1, error.message, { status: error.status, problem: error.problem });
    return fail(1, `Failed: ${(error as Error).message}`);
  }
  const done = outcome();
  if (!done) return 0; // a command group without a subcommand printed its help
  io.out(json ? `${JSON.stringify(done.json, null, 2)}\n` : `${done.text}\n`);
  return done.failed ? 1 : 0;
}
