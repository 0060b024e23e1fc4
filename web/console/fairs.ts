import type { components } from '../../client/schema.js';
import { api, problemText } from '../common/api.js';
import { byId, el } from '../common/dom.js';
import { creatingForm } from '../common/form.js';
import { shanghaiInstant, shanghaiTime } from '../common/format.js';
import { say } from './message.js';
import { pageQuery, showPage } from './paged-list.js';
import { openPoster } from './poster.js';

type Fair = components['schemas']['Fair'];
type FairStats = components['schemas']['FairStats'];
type CheckinLink = components['schemas']['CheckinLink'];

/**
 * A new check-in code of a fair, listed with its URL and its poster for the entrance. The API
 * keeps only the codes' hashes and lists none, so a code is shown once, when staff create it.
 */
async function newCheckinLink(fair: Fair, token: string): Promise<void> {
  const created = await api<CheckinLink>('POST', `/v1/fairs/${fair.id}/checkin-links`, { token, idempotent: true });
  if (created.status !== 201) return void say(problemText(created));
  const link = created.body;
  const poster = el('button', { type: 'button', 'aria-label': `打印 ${fair.title} 签到海报` }, '打印签到海报');
  poster.addEventListener('click', () => void openPoster(`/v1/fairs/${fair.id}/checkin-links/${link.token}/poster`, token));
  byId('checkin-links').append(
    el('li', { 'data-fair': fair.id }, `${fair.title} · 有效期至 ${shanghaiTime(link.expiresAt)} · `, el('a', { href: link.url }, link.url), ' ', poster),
  );
  say(`已生成签到码：${fair.title}`);
}

/** The org's fairs from yesterday on, soonest first, with the booths and check-ins of each; further pages on request. */
async function fairs(orgId: string, token: string, cursor?: string): Promise<void> {
  const answer = await api<components['schemas']['FairPage']>('GET', `/v1/fairs${pageQuery({ orgId }, cursor)}`, { token });
  if (answer.status !== 200) return void say(problemText(answer));
  const rows = await Promise.all(
    answer.body.items.map(async (fair) => {
      const stats = await api<FairStats>('GET', `/v1/fairs/${fair.id}/stats`, { token });
      const count = (n: number | undefined) => (stats.status === 200 && n !== undefined ? String(n) : '—');
      const link = el('button', { type: 'button', 'aria-label': `生成 ${fair.title} 签到码` }, '生成签到码');
      link.addEventListener('click', () => void newCheckinLink(fair, token));
      return el(
        'tr',
        { 'data-fair': fair.id },
        el('td', {}, fair.title),
        el('td', {}, `${shanghaiTime(fair.startsAt)} 至 ${shanghaiTime(fair.endsAt)}`),
        el('td', {}, fair.online ? `线上：${fair.venue}` : fair.venue),
        el('td', {}, count(stats.body.employers)),
        el('td', {}, count(stats.body.checkins)),
        el('td', {}, link),
      );
    }),
  );
  showPage('fairs', rows, { cursor, nextCursor: answer.body.nextCursor }, (next) => fairs(orgId, token, next));
}

/** The 招聘会 section: the org's fairs, their check-in codes and posters, and the form to create one. */
export async function fairsSection(orgId: string, token: string): Promise<void> {
  // Times are read in Asia/Shanghai.
  const body = (control: (name: string) => HTMLInputElement) => ({
    orgId,
    title: control('title').value,
    startsAt: shanghaiInstant(control('startsAt').value),
    endsAt: shanghaiInstant(control('endsAt').value),
    venue: control('venue').value,
    online: control('online').checked,
  });
  creatingForm<Fair>(byId('fair-form'), '/v1/fairs', token, body, async (fair) => {
    say(`已创建招聘会：${fair.title}`);
    await fairs(orgId, token);
  });
  await fairs(orgId, token);
}
