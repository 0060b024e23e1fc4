import type { components } from '../../client/schema.js';
import { api, problemText } from '../common/api.js';
import { byId, el } from '../common/dom.js';
import { creatingForm } from '../common/form.js';
import { fenOf, shanghaiInstant, shanghaiTime, yuan } from '../common/format.js';
import { say } from './message.js';
import { pageQuery, showPage } from './paged-list.js';

type Campaign = components['schemas']['Campaign'];
type CampaignReport = components['schemas']['CampaignReport'];
type WishStatus = keyof Campaign['counts'];

const PHASES: Record<Campaign['phase'], string> = { upcoming: '未开始', open: '进行中', closed: '已结束' };
const WISH_STATUSES: Record<WishStatus, string> = { pending_review: '待审核', open: '待认领', claimed: '已认领', delivered: '已送达', fulfilled: '已实现', rejected: '未通过', withdrawn: '已撤回' };

/** A campaign's wishes by status, as its report counts them, shown when staff ask for it. */
async function showReport(campaign: Campaign, token: string): Promise<void> {
  const answer = await api<CampaignReport>('GET', `/v1/campaigns/${campaign.id}/report`, { token });
  if (answer.status !== 200) return void say(problemText(answer));
  const figure = (label: string, value: string) => el('div', {}, el('dt', {}, label), el('dd', {}, value));
  const { byStatus, value } = answer.body;
  const report = byId('campaign-report');
  report.replaceChildren(
    el('h3', {}, `${campaign.title}：心愿统计`),
    el('dl', { class: 'figures', 'aria-label': `${campaign.title} 各状态心愿数` }, ...(Object.keys(WISH_STATUSES) as WishStatus[]).map((status) => figure(WISH_STATUSES[status], String(byStatus[status])))),
    el('p', { class: 'muted' }, `爱心人士认领 ${yuan(value.adoptedByDonorsFen)}，工会出资 ${yuan(value.fundedByUnionFen)}，已实现 ${yuan(value.fulfilledFen)}`),
  );
  report.hidden = false;
  report.focus();
}

/** The org's campaigns, latest opening first, with what each has spent and taken; further pages on request. */
async function campaigns(orgId: string, token: string, cursor?: string): Promise<void> {
  const answer = await api<components['schemas']['CampaignPage']>('GET', `/v1/campaigns${pageQuery({ orgId }, cursor)}`, { token });
  if (answer.status !== 200) return void say(problemText(answer));
  const rows = answer.body.items.map((campaign) => {
    const report = el('button', { type: 'button', 'aria-label': `${campaign.title} 心愿统计` }, '心愿统计');
    report.addEventListener('click', () => void showReport(campaign, token));
    return el(
      'tr',
      { 'data-campaign': campaign.id },
      el('td', {}, campaign.title),
      el('td', {}, PHASES[campaign.phase]),
      el('td', {}, shanghaiTime(campaign.opensAt)),
      el('td', {}, shanghaiTime(campaign.closesAt)),
      el('td', {}, `${yuan(campaign.spentFen)} / ${yuan(campaign.budgetFen)}`),
      el('td', {}, `${campaign.quotaTaken} / ${campaign.quota}`),
      el('td', {}, report),
    );
  });
  showPage('campaigns', rows, { cursor, nextCursor: answer.body.nextCursor }, (next) => campaigns(orgId, token, next));
}

/** Stations typed one a line as `名称，地址` (a full-width or ASCII comma). */
function stationsOf(text: string): { name: string; address: string }[] | undefined {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  if (lines.length === 0) return undefined;
  return lines.map((line) => {
    const [name = '', ...address] = line.split(/[,，]/);
    return { name: name.trim(), address: address.join('，').trim() };
  });
}

/** The 微心愿活动 section: the org's campaigns, their reports and the form to open one. */
export async function campaignsSection(orgId: string, token: string): Promise<void> {
  // Money is typed in yuan and sent in fen; times are read in Asia/Shanghai.
  const body = (control: (name: string) => HTMLInputElement) => ({
    orgId,
    title: control('title').value,
    opensAt: shanghaiInstant(control('opensAt').value),
    closesAt: shanghaiInstant(control('closesAt').value),
    budgetFen: fenOf(control('budgetFen').value),
    quota: control('quota').value === '' ? undefined : Number(control('quota').value),
    maxValueFen: fenOf(control('maxValueFen').value),
    stations: stationsOf(control('stations').value),
  });
  creatingForm<Campaign>(byId('campaign-form'), '/v1/campaigns', token, body, async (campaign) => {
    say(`已发起活动：${campaign.title}`);
    await campaigns(orgId, token);
  });
  await campaigns(orgId, token);
}
