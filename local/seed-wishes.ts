/**
 * Demo data of the micro-wishes service (微心愿): a running campaign of 思明区总工会 with a pickup
 * station, and a wish of each demo member, approved and open in the pool. Seeded through the
 * public API as staff and members would.
 */
import { send as sendWith } from './seed-jobs.js';

const DAY = 86_400_000;

const send = (apiUrl: string, token: string, method: string, path: string, body?: unknown) => sendWith(apiUrl, { authorization: `Bearer ${token}` }, method, path, body);

/**
 * Sends until the answer is not `waitingFor`: services learn of orgs and members by event, a
 * moment after they change, and say 404 (org) or 403 (member) until then.
 */
export async function sendWhenKnown(apiUrl: string, token: string, method: string, path: string, body: unknown, waitingFor: number): Promise<{ id: string }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await send(apiUrl, token, method, path, body);
    if (response.status !== waitingFor) {
      const text = await response.text();
      if (!response.ok) throw new Error(`Seeding ${method} ${path} failed with ${response.status}: ${text}`);
      return JSON.parse(text);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Seeding ${method} ${path}: the service did not learn of the demo data within 10 s`);
}

const demoWishes = [
  { title: '电饭煲', category: 'appliance', description: '家里的电饭煲用了八年坏了，想换一个，收工回家给孩子做饭。', valueFen: 30_000 },
  { title: '儿童书包和文具', category: 'education', description: '孩子明年上小学，想给他准备一个书包和一套文具。', valueFen: 20_000 },
] as const;

/** Opens the demo campaign and has each member's wish submitted and approved. */
export async function seedWishes(apiUrl: string, input: { staffToken: string; orgId: string; memberTokens: readonly string[] }): Promise<{ campaignId: string; wishIds: string[] }> {
  const campaign = await sendWhenKnown(apiUrl, input.staffToken, 'POST', '/v1/campaigns', {
    orgId: input.orgId,
    title: '2026 思明区新就业形态劳动者暖心微心愿',
    opensAt: new Date(Date.now() - DAY).toISOString(),
    closesAt: new Date(Date.now() + 60 * DAY).toISOString(),
    budgetFen: 10_500_000,
    quota: 210,
    maxValueFen: 50_000,
    claimHoldDays: 14,
    stations: [{ name: '莲前驿站', address: '厦门市思明区莲前西路 100 号' }],
  }, 404);
  const wishIds: string[] = [];
  for (const [index, token] of input.memberTokens.entries()) {
    const wish = await sendWhenKnown(apiUrl, token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, demoWishes[index % demoWishes.length], 403);
    const approved = await send(apiUrl, input.staffToken, 'POST', `/v1/wishes/${wish.id}/approve`);
    if (!approved.ok) throw new Error(`Seeding: approving wish ${wish.id} failed with ${approved.status}: ${await approved.text()}`);
    wishIds.push(wish.id);
  }
  return { campaignId: campaign.id, wishIds };
}
