import { api, problemText } from '../common/api.js';
import { byId, el } from '../common/dom.js';
import { pageSession, signIn, SignInError } from '../common/oidc.js';
import { shanghaiTime, yuan } from '../common/format.js';
import { STAFF_SESSION, storeSession } from '../common/session.js';
import { campaignsSection } from './campaigns.js';
import { membersChart, percent, wishesChart } from './chart.js';
import { fairsSection } from './fairs.js';
import { say } from './message.js';
import { pageQuery, showPage } from './paged-list.js';
import { openPoster } from './poster.js';

const OCCUPATIONS: Record<string, string> = { courier: '快递员', food_delivery: '外卖骑手', ride_hailing: '网约车司机', truck_driver: '货车司机', internet_marketing: '网络营销', domestic_service: '家政服务', other: '其他' };

/**
 * Offers the province's sign-in. Staff are always asked again (`prompt=login`): on a shared
 * computer the next person never finds the last one signed in at the provider, and staff of
 * several orgs pick the org each time.
 */
function offerSignIn(message?: string): void {
  if (message) say(message);
  byId('sign-in').hidden = false;
  byId('sign-in-start').addEventListener('click', () => void signIn({ prompt: 'login' }).catch((error: Error) => say(error.message)));
}

async function reviews(orgId: string, token: string): Promise<void> {
  const pending = await api('GET', `/v1/orgs/${orgId}/memberships?status=pending&limit=100`, { token });
  if (pending.status !== 200) return void say(problemText(pending));
  const rows = (pending.body.items as { id: string; name: string | null; mobile: string | null; occupation: string; createdAt: string }[]).map((item) => {
    const approve = el('button', { type: 'button', class: 'primary' }, '批准');
    const reject = el('button', { type: 'button' }, '拒绝');
    const decide = async (path: string, body?: unknown) => {
      const answer = await api('POST', `/v1/memberships/${item.id}/${path}`, { token, ...(body ? { body } : {}) });
      if (answer.status !== 200) return say(problemText(answer));
      row.remove();
      say(path === 'approve' ? `已批准：${item.name ?? ''}` : `已拒绝：${item.name ?? ''}`);
    };
    approve.addEventListener('click', () => decide('approve'));
    reject.addEventListener('click', () => {
      const reason = prompt('拒绝原因');
      if (reason) void decide('reject', { reason });
    });
    approve.setAttribute('aria-label', `批准 ${item.name ?? ''}`);
    reject.setAttribute('aria-label', `拒绝 ${item.name ?? ''}`);
    const row = el('tr', {}, el('td', {}, item.name ?? ''), el('td', {}, item.mobile ?? ''), el('td', {}, OCCUPATIONS[item.occupation] ?? item.occupation), el('td', {}, shanghaiTime(item.createdAt)), el('td', {}, approve, ' ', reject));
    return row;
  });
  byId('reviews').replaceChildren(...rows);
  byId('reviews-empty').hidden = rows.length > 0;
}

async function figures(orgId: string, token: string): Promise<void> {
  // The year's figures as the API counts them, in Asia/Shanghai, whatever the browser's zone.
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const stats = await api('GET', `/v1/orgs/${orgId}/stats?year=${year}`, { token });
  if (stats.status !== 200) return void say(problemText(stats));
  const { members, subtree, target, rosters, wishes } = stats.body;
  byId('wishes-chart').replaceChildren(wishesChart(year, wishes.fulfilledByMonth));
  const figure = (label: string, value: string) => el('div', {}, el('dt', {}, label), el('dd', {}, value));
  byId('figures').replaceChildren(
    figure('本级会员', String(members.active)),
    figure('待审核', String(members.pending)),
    figure('含下级会员', String(subtree.active)),
    figure('年度目标', target ? `${target.members}（完成 ${percent(target.progress)}）` : '未设'),
    figure('名单骑手覆盖率', `${percent(rosters.coverage)}（${rosters.ridersWhoAreMembers}/${rosters.riders}）`),
  );
  const children = await api('GET', `/v1/orgs/${orgId}/children?limit=100`, { token });
  const bars = await Promise.all(
    ((children.body.items ?? []) as { id: string; name: string }[]).map(async (child) => {
      const own = (await api('GET', `/v1/orgs/${child.id}/stats`, { token })).body;
      return { label: child.name, members: own.subtree?.active ?? 0, target: own.target?.members ?? null, coverage: own.rosters?.coverage ?? 0 };
    }),
  );
  byId('chart').replaceChildren(bars.length > 0 ? membersChart(bars) : el('p', { class: 'muted' }, '没有下级工会。'));
}

async function links(orgId: string, token: string): Promise<void> {
  const list = await api('GET', `/v1/orgs/${orgId}/join-links`, { token });
  const items = (list.body.items ?? []) as { token: string; station: string | null; expiresAt: string }[];
  byId('links').replaceChildren(
    ...items.map((link) => {
      const poster = el('button', { type: 'button' }, '打印海报');
      poster.addEventListener('click', () => void openPoster(`/v1/orgs/${orgId}/join-links/${link.token}/poster`, token));
      return el('li', {}, `${link.station ?? '全工会'} · 有效期至 ${new Date(link.expiresAt).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' })} `, poster);
    }),
  );
}

const WISH_CATEGORIES: Record<string, string> = { appliance: '家电', education: '学习', health: '健康', family: '家庭', daily: '生活用品', other: '其他' };

interface PendingWish {
  id: string;
  title: string;
  category: string;
  description: string;
  valueFen: number;
}

/** Micro-wishes waiting for review in the org's campaigns: approved ones go to donors' pool. */
async function wishReviews(token: string): Promise<void> {
  const answer = await api('GET', '/v1/wishes?status=pending_review&limit=50', { token });
  if (answer.status !== 200) return void say(problemText(answer));
  const rows = (answer.body.items as PendingWish[]).map((wish) => {
    const approve = el('button', { type: 'button', class: 'primary', 'aria-label': `通过 ${wish.title}` }, '通过');
    const reject = el('button', { type: 'button', 'aria-label': `不通过 ${wish.title}` }, '不通过');
    const decide = async (path: 'approve' | 'reject', body?: unknown) => {
      const decided = await api('POST', `/v1/wishes/${wish.id}/${path}`, { token, ...(body ? { body } : {}) });
      if (decided.status !== 200) return say(problemText(decided));
      row.remove();
      say(path === 'approve' ? `已通过：${wish.title}` : `未通过：${wish.title}`);
    };
    approve.addEventListener('click', () => void decide('approve'));
    reject.addEventListener('click', () => {
      const reason = prompt('不通过的原因');
      if (reason) void decide('reject', { reason });
    });
    const row = el('tr', {}, el('td', {}, wish.title), el('td', {}, WISH_CATEGORIES[wish.category] ?? wish.category), el('td', {}, yuan(wish.valueFen)), el('td', {}, wish.description), el('td', {}, approve, ' ', reject));
    return row;
  });
  byId('wish-reviews').replaceChildren(...rows);
  byId('wish-reviews-empty').hidden = rows.length > 0;
}

const HELP_CATEGORIES: Record<string, string> = { wage_arrears: '欠薪', contract_termination: '解除合同', work_injury: '工伤', insurance_claim: '保险理赔', hardship_aid: '困难帮扶', other: '其他' };

interface HelpSummary {
  id: string;
  category: string;
  regionCode: string;
  platform: string | null;
  requester: { member: boolean; name: string | null };
  acceptBy: string | null;
  createdAt: string;
}

/** Help requests the org received and has not accepted yet (they escalate at `acceptBy`). */
async function helpQueue(orgId: string, token: string): Promise<void> {
  const answer = await api('GET', `/v1/orgs/${orgId}/help-requests?status=received`, { token });
  if (answer.status !== 200) return void say(problemText(answer));
  const when = (iso: string | null) => (iso ? shanghaiTime(iso) : '');
  const rows = (answer.body.items as HelpSummary[]).map((request) => {
    const accept = el('button', { type: 'button', class: 'primary', 'aria-label': `受理 ${HELP_CATEGORIES[request.category] ?? request.category} ${when(request.createdAt)}` }, '受理');
    accept.addEventListener('click', async () => {
      const moved = await api('POST', `/v1/help-requests/${request.id}/transitions`, { token, body: { to: 'accepted', note: '已受理，工会工作人员将联系您' } });
      if (moved.status !== 200) return say(problemText(moved));
      row.remove();
      say('已受理求助');
    });
    const who = request.requester.name ?? (request.requester.member ? '会员' : '非会员');
    const row = el('tr', {}, el('td', {}, HELP_CATEGORIES[request.category] ?? request.category), el('td', {}, who), el('td', {}, request.platform ?? ''), el('td', {}, when(request.createdAt)), el('td', {}, when(request.acceptBy)), el('td', {}, accept));
    return row;
  });
  byId('help-queue').replaceChildren(...rows);
  byId('help-queue-empty').hidden = rows.length > 0;
}

interface StationInvitation {
  station: string | null;
  joinUrl: string;
  riders: { riderId: string; name: string | null; mobile: string | null; platform: string }[];
}

/**
 * Riders the partners rostered in the org's region who are not members yet, station by station
 * (masked as the API gives them), each station with its own join link: the list staff print and
 * take to a 驿站. Further pages come on request.
 */
async function invitations(orgId: string, token: string, cursor?: string): Promise<void> {
  const answer = await api('GET', `/v1/orgs/${orgId}/invitations${pageQuery({}, cursor)}`, { token });
  if (answer.status !== 200) return void say(problemText(answer));
  const groups = answer.body.items as StationInvitation[];
  const stations = groups.map((group) =>
    el(
      'section',
      { class: 'station', 'aria-label': group.station ?? '未注明驿站' },
      el('h3', {}, `${group.station ?? '未注明驿站'}：${group.riders.length} 名骑手未入会`),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, '姓名'), el('th', {}, '手机'), el('th', {}, '平台'))), el('tbody', {}, ...group.riders.map((rider) => el('tr', {}, el('td', {}, rider.name ?? ''), el('td', {}, rider.mobile ?? ''), el('td', {}, rider.platform))))),
      el('p', {}, '本驿站入会链接：', el('a', { href: group.joinUrl }, group.joinUrl)),
    ),
  );
  showPage('invitations', stations, { cursor, nextCursor: answer.body.nextCursor }, (next) => invitations(orgId, token, next));
}

async function main(): Promise<void> {
  let session;
  try {
    session = await pageSession(STAFF_SESSION);
  } catch (error) {
    if (error instanceof SignInError) return offerSignIn(error.message);
    throw error;
  }
  const orgId = session?.claims.orgId;
  if (!session || !orgId) return offerSignIn(session ? '此账号不属于任何工会，请换一个账号登录。' : undefined);
  const { token } = session;
  const org = await api('GET', `/v1/orgs/${orgId}`, { token });
  if (org.status !== 200) {
    storeSession(STAFF_SESSION, undefined);
    return offerSignIn(org.status === 401 ? '登录已过期，请重新登录。' : problemText(org));
  }
  byId('org-label').textContent = org.body.name;
  byId('signed-in').hidden = false;
  byId('sign-out').addEventListener('click', () => {
    storeSession(STAFF_SESSION, undefined);
    location.reload();
  });
  byId('new-link').addEventListener('click', async () => {
    const created = await api('POST', `/v1/orgs/${orgId}/join-links`, { token, body: {}, idempotent: true });
    if (created.status !== 201) return say(problemText(created));
    await links(orgId, token);
  });
  byId('workspace').hidden = false;
  await Promise.all([reviews(orgId, token), figures(orgId, token), links(orgId, token), invitations(orgId, token), wishReviews(token), helpQueue(orgId, token), campaignsSection(orgId, token), fairsSection(orgId, token)]);
}

main().catch((error: Error) => say(error.message));
