import { api, problemText } from '../common/api.js';
import { byId, el } from '../common/dom.js';
import { pageSession, signIn, SignInError } from '../common/oidc.js';
import { storeSession, WORKER_SESSION } from '../common/session.js';
import { showCard, type MemberCard } from '../join/ecard.js';

/** Statuses with a membership the worker can still transfer, leave or erase. */
const CURRENT = new Set(['active', 'pending']);

function say(message: string): void {
  const note = byId('page-message');
  note.textContent = message;
  note.hidden = false;
}

const status = (message: string) => {
  byId('action-message').textContent = message;
};

/** A join link as the worker has it: the URL a QR code opens, or the bare token. */
export function joinTokenOf(text: string): string {
  const value = text.trim();
  try {
    return new URL(value).searchParams.get('token') ?? value;
  } catch {
    return value;
  }
}

/** A button that shows its confirmation below it, and a cancel that hides it again. */
function confirmStep(open: string, panel: string, cancel: string): void {
  const button = byId<HTMLButtonElement>(open);
  const shown = (on: boolean) => {
    byId(panel).hidden = !on;
    button.setAttribute('aria-expanded', String(on));
  };
  button.addEventListener('click', () => shown(true));
  byId(cancel).addEventListener('click', () => {
    shown(false);
    button.focus();
  });
}

/** The province's sign-in (by SMS locally), which comes back to this page. */
function offerSignIn(message: string): void {
  say(message);
  byId('sign-in').hidden = false;
  byId('sign-in-start').addEventListener('click', () => void signIn().catch((error: Error) => say(error.message)));
}

/** How the API's wish statuses read to the worker. */
const WISH_STATUS: Record<string, string> = {
  pending_review: '待工会审核',
  open: '等待认领',
  claimed: '已被认领',
  delivered: '已送达，请确认',
  fulfilled: '已实现',
  rejected: '未通过审核',
  withdrawn: '已撤回',
};

interface MyWish {
  id: string;
  title: string;
  valueFen: number;
  status: string;
  rejectionReason?: string;
}

/** The worker's own wishes with their status; a delivered one is confirmed here. */
async function wishes(token: string): Promise<void> {
  const answer = await api<{ items: MyWish[] }>('GET', '/v1/wishes/me', { token });
  if (answer.status !== 200) return status(problemText(answer));
  const items = answer.body.items.map((wish) => {
    const line = el('li', {}, el('strong', {}, wish.title), ` ¥${(wish.valueFen / 100).toFixed(2)} · `, el('span', { class: 'wish-status' }, WISH_STATUS[wish.status] ?? wish.status));
    if (wish.rejectionReason) line.append(`（${wish.rejectionReason}）`);
    if (wish.status === 'delivered') {
      const confirm = el('button', { type: 'button', class: 'primary' }, '确认收到');
      confirm.setAttribute('aria-label', `确认收到 ${wish.title}`);
      confirm.addEventListener('click', async () => {
        const confirmed = await api('POST', `/v1/wishes/${wish.id}/confirm`, { token, body: {}, idempotent: true });
        if (confirmed.status !== 200) return status(problemText(confirmed));
        status(`已确认收到：${wish.title}`);
        await wishes(token);
      });
      line.append(' ', confirm);
    }
    return line;
  });
  byId('wishes').replaceChildren(...items);
  byId('wishes-empty').hidden = items.length > 0;
  byId('wishes-section').hidden = false;
}

interface Notice {
  id: string;
  text: string;
  createdAt: string;
  read: boolean;
}

/** What the wishes service told the worker, newest first; unread ones can be marked read at once. */
async function notifications(token: string): Promise<void> {
  const answer = await api<{ items: Notice[] }>('GET', '/v1/notifications/me', { token });
  if (answer.status !== 200) return status(problemText(answer));
  const unread = answer.body.items.filter((notice) => !notice.read).map((notice) => notice.id);
  byId('notifications').replaceChildren(
    ...answer.body.items.map((notice) =>
      el('li', { class: notice.read ? 'read' : 'unread' }, notice.read ? '' : '【未读】', notice.text, ' ', el('time', { datetime: notice.createdAt }, new Date(notice.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }))),
    ),
  );
  byId('notifications-empty').hidden = answer.body.items.length > 0;
  const markRead = byId<HTMLButtonElement>('notifications-read');
  markRead.hidden = unread.length === 0;
  markRead.onclick = async () => {
    const read = await api('POST', '/v1/notifications/me/read', { token, body: { ids: unread } });
    if (read.status !== 200) return status(problemText(read));
    await notifications(token);
  };
  byId('notifications-section').hidden = false;
}

async function main(): Promise<void> {
  let session;
  try {
    session = await pageSession(WORKER_SESSION);
  } catch (error) {
    if (error instanceof SignInError) return offerSignIn(error.message);
    throw error;
  }
  if (!session) return offerSignIn('请先登录，查看您的会员卡。');
  const token = session.token;

  const load = async (): Promise<MemberCard | undefined> => {
    const mine = await api<MemberCard>('GET', '/v1/memberships/me', { token });
    if (mine.status === 401) {
      storeSession(WORKER_SESSION, undefined);
      offerSignIn('登录已过期，请重新登录。');
      return undefined;
    }
    if (mine.status !== 200) {
      say(mine.status === 404 ? '您还不是工会会员。扫描工会张贴的二维码即可入会。' : problemText(mine));
      return undefined;
    }
    showCard(mine.body);
    byId('actions').hidden = !CURRENT.has(mine.body.status);
    return mine.body;
  };
  if (!(await load())) return;

  const link = byId<HTMLInputElement>('transfer-link');
  link.value = new URLSearchParams(location.search).get('transfer') ?? '';
  byId<HTMLFormElement>('transfer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const joinToken = joinTokenOf(link.value);
    const error = byId('transfer-error');
    error.textContent = joinToken ? '' : '请扫描或粘贴新工会的入会链接';
    if (!joinToken) return link.focus();
    const answer = await api('POST', '/v1/memberships/me/transfer', { token, body: { joinToken }, idempotent: true });
    if (answer.status === 202) {
      link.removeAttribute('aria-invalid');
      status('转会申请已提交，等待新工会确认。');
    } else {
      link.setAttribute('aria-invalid', 'true');
      error.textContent = answer.body.errors?.[0]?.message ?? problemText(answer);
      link.focus();
    }
  });

  confirmStep('leave', 'leave-confirm', 'leave-no');
  byId('leave-yes').addEventListener('click', async () => {
    const answer = await api('DELETE', '/v1/memberships/me', { token });
    if (answer.status !== 200) return status(problemText(answer));
    await load();
    status('您已退出工会。');
    byId('ecard-title').focus();
  });

  confirmStep('erase', 'erase-confirm', 'erase-no');
  const sure = byId<HTMLInputElement>('erase-sure');
  sure.addEventListener('change', () => {
    byId<HTMLButtonElement>('erase-yes').disabled = !sure.checked;
  });
  byId('erase-yes').addEventListener('click', async () => {
    const answer = await api('POST', '/v1/memberships/me/erasure', { token, idempotent: true });
    if (answer.status !== 202) return status(problemText(answer));
    storeSession(WORKER_SESSION, undefined);
    byId('ecard').hidden = true;
    byId('actions').hidden = true;
    say('您的个人信息已注销。');
  });

  // After the actions are wired: a slow answer here must not leave their buttons dead.
  await Promise.all([wishes(token), notifications(token)]);
}

main().catch((error: Error) => say(error.message || '页面加载失败，请稍后重试。'));
