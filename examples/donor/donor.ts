/**
 * A charitable firm's script (爱心企业): browse the anonymized wish pool, claim a wish, deliver
 * the gift to the organizing union, and read the thanks of the gifts given so far.
 *
 *   UNION_API_URL=... UNION_API_KEY=<donor key> npx tsx examples/donor/donor.ts [--max-value-fen 50000]
 *
 * Run it again after the worker confirmed: the thanks appear under "gifts". See README.md here.
 */
import { parseArgs } from 'node:util';
import { answer, unionClient, type UnionClient } from '../../client/index.js';
import { accountSettings } from '../settings.js';

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} yuan`;

/** Claims the cheapest open wish under `maxValueFen` and delivers it; answers its id, or undefined when the pool has none. */
export async function adoptOneWish(api: UnionClient, maxValueFen: number, log: (line: string) => void): Promise<string | undefined> {
  const pool = await answer(api.GET('/v1/wishes', { params: { query: { status: 'open', maxValueFen, limit: 100 } } }));
  log(`${pool.items.length} open wishes up to ${yuan(maxValueFen)}`);
  for (const wish of [...pool.items].sort((a, b) => a.valueFen - b.valueFen)) {
    // Another donor may claim it first: a 409 means try the next one.
    const claim = await api.POST('/v1/wishes/{wishId}/claim', { params: { path: { wishId: wish.id } } });
    if (claim.response.status === 409) continue;
    const claimed = await answer(claim);
    log(`claimed ${wish.id} "${wish.title}" (${wish.category}, ${yuan(wish.valueFen)}), to deliver by ${claimed.claimExpiresAt}`);
    await answer(api.POST('/v1/wishes/{wishId}/deliver', { params: { path: { wishId: wish.id } }, body: { to: 'org', note: '礼品已送到工会服务站，请转交。' } }));
    log(`delivered ${wish.id} to the union`);
    return wish.id;
  }
  log('no open wish to adopt');
  return undefined;
}

/** Prints the donor's gifts with their status and the workers' thanks. */
export async function readThanks(api: UnionClient, log: (line: string) => void): Promise<void> {
  const gifts = await answer(api.GET('/v1/donors/me/gifts'));
  log(`gifts: ${gifts.totals.count}, worth ${yuan(gifts.totals.valueFen)}`);
  for (const gift of gifts.items) log(`  ${gift.wishId} ${gift.title} ${gift.status}${gift.thanks ? `: “${gift.thanks}”` : ''}`);
}

export async function main(args: string[], env: Readonly<Record<string, string | undefined>>, log: (line: string) => void = console.log): Promise<void> {
  const { values } = parseArgs({ args, options: { 'max-value-fen': { type: 'string', default: '50000' } } });
  const api = unionClient(accountSettings('donor', env));
  const me = await answer(api.GET('/v1/accounts/me'));
  log(`donor ${me.name} (${me.id})`);
  await adoptOneWish(api, Number(values['max-value-fen']), log);
  await readThanks(api, log);
}

if (process.argv[1] === import.meta.filename) await main(process.argv.slice(2), process.env);
