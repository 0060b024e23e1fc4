import { randomInt } from 'node:crypto';
import { idNumberCheckCharacter } from '../../shared/identity/id-number.js';
import { creditCodeCheckCharacter } from '../../shared/identity/credit-code.js';
import type { BenchContext } from '../harness.js';

/** A run-unique offset, so a bench against a long-running province (`--url`) never reuses a person. */
const runOffset = randomInt(0, 300_000);

/** A valid, fictional resident ID number (born in 1990 in 思明区) for the n-th person of this run. */
export function benchIdNumber(n: number): string {
  const k = (runOffset + n) % 336_000;
  const month = String(Math.floor(k / 28_000) + 1).padStart(2, '0');
  const day = String((Math.floor(k / 1000) % 28) + 1).padStart(2, '0');
  const first17 = `3502031990${month}${day}${String(k % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
}

export const benchMobile = (n: number): string => `139${String((runOffset + n) % 100_000_000).padStart(8, '0')}`;

export function benchCreditCode(): string {
  const first17 = `9135020${String(randomInt(0, 10 ** 9)).padStart(9, '0')}0`;
  return first17 + creditCodeCheckCharacter(first17);
}

const roots = new WeakMap<BenchContext, Promise<string>>();

/** The province's root federation: created by the first case that needs it. */
export function benchRoot(context: BenchContext, admin: string): Promise<string> {
  let root = roots.get(context);
  if (!root) {
    root = context.call('POST', '/v1/orgs', { token: admin, body: { name: '福建省总工会', kind: 'federation', parentId: null, regionCode: '350000' } }).then((created) => {
      if (created.status !== 201) throw new Error(`The bench needs a province without orgs (npm run bench starts one); creating the root answered ${created.status}`);
      return created.body.id as string;
    });
    roots.set(context, root);
  }
  return root;
}

/** A district federation of its own for a case, with a join link. */
export async function benchOrg(context: BenchContext, admin: string): Promise<{ id: string; joinToken: string }> {
  const rootId = await benchRoot(context, admin);
  const org = await context.call('POST', '/v1/orgs', { token: admin, body: { name: '思明区总工会', kind: 'federation', parentId: rootId, regionCode: '350203' } });
  for (let attempt = 0; attempt < 100; attempt++) {
    const link = await context.call('POST', `/v1/orgs/${org.body.id}/join-links`, { token: admin, body: {} });
    if (link.status === 201) return { id: org.body.id, joinToken: link.body.token };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('No join link for the bench org within 10 s');
}

export const joinBody = (joinToken: string, n: number) => ({
  joinToken,
  name: '测试骑手',
  mobile: benchMobile(n),
  idNumber: benchIdNumber(n),
  occupation: 'food_delivery',
  regionCode: '350203',
  consent: { version: '2026-01', accepted: true },
});
