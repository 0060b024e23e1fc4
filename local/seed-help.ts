/**
 * Demo data of the help service (维权帮扶, 困难帮扶): 思明区总工会's hardship aid fund for the year,
 * a member's wage-arrears request (routed to their 莲前 union) in mediation with a mediator assigned, and a non-member's
 * hardship request waiting in 湖里 (routed there by its region). Seeded through the public API as
 * workers and staff would.
 */
import { send as sendWith } from './seed-jobs.js';
import { sendWhenKnown } from './seed-wishes.js';

const send = async (apiUrl: string, token: string, method: string, path: string, body?: unknown) => {
  const response = await sendWith(apiUrl, { authorization: `Bearer ${token}` }, method, path, body);
  const text = await response.text();
  if (!response.ok) throw new Error(`Seeding ${method} ${path} failed with ${response.status}: ${text}`);
  return JSON.parse(text) as { id: string };
};

export async function seedHelp(
  apiUrl: string,
  input: { staffToken: string; orgIds: { siming: string; huli: string }; memberToken: string; nonMemberToken: string; year: number },
): Promise<void> {
  await sendWhenKnown(apiUrl, input.staffToken, 'PUT', `/v1/orgs/${input.orgIds.siming}/aid-fund/${input.year}`, { budgetFen: 5_000_000 }, 404);
  await sendWhenKnown(apiUrl, input.staffToken, 'PUT', `/v1/orgs/${input.orgIds.huli}/aid-fund/${input.year}`, { budgetFen: 3_000_000 }, 404);
  const arrears = await send(apiUrl, input.memberToken, 'POST', '/v1/help-requests', {
    category: 'wage_arrears',
    description: '配送站点合作商拖欠 10 月、11 月两个月配送费共 9,600 元，站长失联。',
    regionCode: '350203',
    platform: '闽送即配',
    amountFen: 960_000,
  });
  await send(apiUrl, input.staffToken, 'POST', `/v1/help-requests/${arrears.id}/transitions`, { to: 'accepted', note: '已受理，由工会法律援助站调解员跟进', assigneeId: 'mediator-demo-chen' });
  await send(apiUrl, input.staffToken, 'POST', `/v1/help-requests/${arrears.id}/transitions`, { to: 'in_mediation', note: '已联系平台区域负责人，约定本周五到驿站调解' });
  await send(apiUrl, input.nonMemberToken, 'POST', '/v1/help-requests', {
    category: 'hardship_aid',
    description: '送餐途中摔伤住院两周，无法接单，房租和孩子学费有困难。',
    regionCode: '350206',
    amountFen: 500_000,
  });
}
