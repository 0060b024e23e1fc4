import { api, problemText, type Answer } from '../common/api.js';
import { byId, el } from '../common/dom.js';
import { pageSession, signIn, SignInError } from '../common/oidc.js';
import { storeSession, WORKER_SESSION } from '../common/session.js';
import { CONSENT_TEXT, CONSENT_VERSION, SHARE_TEXT } from './consent.js';
import { showCard, type MemberCard } from './ecard.js';
import { REGIONS } from './regions.js';
import { fieldOf, RULES } from './rules.js';

/** The wait the page asks between two codes; the API's own limit answers 429 with Retry-After. */
const RESEND_SECONDS = 60;

/** What the page shows of a join link before the API checks it at join: read, not trusted. */
function readLink(token: string): { orgName: string; station?: string; expiresAt: number } | undefined {
  try {
    const payload = token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
    return typeof claims.orgName === 'string' && typeof claims.expiresAt === 'number' ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** The e-card, with the way to the worker's membership page (transfer, leave, erasure). */
function showMine(card: MemberCard, more: string): void {
  showCard(card);
  byId('ecard').append(el('p', {}, el('a', { class: 'ecard-more', href: more }, '我的会员：转会、退会')));
}

function stop(message: string): void {
  const note = byId('page-message');
  note.textContent = message;
  note.hidden = false;
  byId('join-form').hidden = true;
}

const input = (id: string) => byId<HTMLInputElement | HTMLSelectElement>(id);
const valueOf = (field: string) => (field === 'consent' ? String(byId<HTMLInputElement>('consent').checked) : input(field).value);

/** Shows (or clears) the message of a field, linked to it for screen readers by `aria-describedby`. */
function showError(field: string, message: string | undefined): void {
  const control = input(field);
  byId(`${field}-error`).textContent = message ?? '';
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

const check = (field: string) => {
  const message = RULES[field]?.(valueOf(field));
  showError(field, message);
  return message === undefined;
};

/** The API's field errors next to their fields; the first bad field gets the focus. */
function showProblem(answer: Answer<object>): void {
  const errors = answer.body.errors ?? [];
  let first: string | undefined;
  for (const error of errors) {
    const field = fieldOf(error.path);
    if (!field) continue;
    showError(field, RULES[field]?.(valueOf(field)) ?? error.message);
    first ??= field;
  }
  if (first) input(first).focus();
  else byId('form-error').textContent = errors.map((error) => `${error.path}: ${error.message}`).join('；') || problemText(answer);
}

function fillChoices(): void {
  byId('platforms').append(...PROVINCE.platforms.map((name) => el('option', { value: name })));
  const city = input('city');
  const district = input('regionCode');
  city.append(el('option', { value: '' }, '城市'), ...Object.entries(REGIONS).map(([code, region]) => el('option', { value: code }, region.name)));
  const fillDistricts = () => {
    const districts = REGIONS[city.value]?.districts ?? [];
    district.replaceChildren(el('option', { value: '' }, '区县'), ...districts.map(([code, name]) => el('option', { value: code }, name)));
  };
  city.addEventListener('change', fillDistricts);
  fillDistricts();
  byId('consent-version').textContent = CONSENT_VERSION;
  byId('consent-text').append(...CONSENT_TEXT.map((line) => el('p', {}, line)));
  byId('share-text').textContent = SHARE_TEXT;
}

/** Checks a field once the worker leaves it, then at every keystroke, so errors go as they are fixed. */
function checkAsTyped(): void {
  for (const field of Object.keys(RULES)) {
    const control = input(field);
    let touched = false;
    control.addEventListener('blur', () => {
      touched = true;
      check(field);
    });
    control.addEventListener(control instanceof HTMLSelectElement || field === 'consent' ? 'change' : 'input', () => {
      if (touched) check(field);
    });
  }
}

async function main(): Promise<void> {
  let session;
  try {
    session = await pageSession(WORKER_SESSION);
  } catch (error) {
    if (error instanceof SignInError) return stop(error.message);
    throw error;
  }
  // Read after the sign-in, which puts back the address (and its join link) the worker scanned.
  const joinToken = new URLSearchParams(location.search).get('token') ?? '';
  const link = readLink(joinToken);
  if (link) {
    byId('org-name').textContent = link.orgName;
    const lastDay = new Date(link.expiresAt * 1000 - 1).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
    byId('link-note').textContent = `${link.station ? `${link.station} · ` : ''}本码有效期至 ${lastDay}`;
  }
  const linkProblem = !link ? '此二维码无效。请扫描工会张贴的入会二维码。' : link.expiresAt * 1000 <= Date.now() ? '此二维码已过期。请联系工会获取新的二维码。' : undefined;
  // Scanning a good code is the intent to join: straight to the province's sign-in, which comes back here.
  if (!session) return linkProblem ? stop(linkProblem) : signIn();
  const token = session.token;

  const mine = await api<MemberCard>('GET', '/v1/memberships/me', { token });
  // A member who scans another union's code is offered a transfer to it on their membership page.
  if (mine.status === 200 && (mine.body.status === 'active' || mine.body.status === 'pending')) return showMine(mine.body, link ? `/me?transfer=${encodeURIComponent(joinToken)}` : '/me');
  if (mine.status === 401) {
    storeSession(WORKER_SESSION, undefined);
    return stop('登录已过期，请重新扫码登录。');
  }
  if (linkProblem) return stop(linkProblem);

  fillChoices();
  checkAsTyped();
  const form = byId<HTMLFormElement>('join-form');
  form.hidden = false;

  let verificationId: string | undefined;
  const sendCode = byId<HTMLButtonElement>('send-code');
  const waitBeforeResend = (seconds: number) => {
    sendCode.disabled = true;
    const timer = setInterval(() => {
      sendCode.textContent = `${seconds--} 秒后重发`;
      if (seconds < 0) {
        clearInterval(timer);
        sendCode.disabled = false;
        sendCode.textContent = '重新获取';
      }
    }, 1000);
  };
  sendCode.addEventListener('click', async () => {
    if (!check('mobile')) return input('mobile').focus();
    const answer = await api('POST', '/v1/verifications/mobile', { token, body: { mobile: input('mobile').value.trim() } });
    if (answer.status === 202) {
      verificationId = answer.body.verificationId;
      byId('code-error').textContent = '';
      byId('code-hint').textContent = '验证码已发送，5 分钟内有效。';
      input('code').focus();
      waitBeforeResend(RESEND_SECONDS);
    } else if (answer.status === 429) {
      waitBeforeResend(Number(answer.headers.get('retry-after') ?? RESEND_SECONDS));
      showError('mobile', '发送太频繁，请稍后再试');
    } else {
      const error = answer.body.errors?.[0];
      showError('mobile', error?.message ?? problemText(answer));
    }
  });

  const submit = byId<HTMLButtonElement>('submit');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    byId('form-error').textContent = '';
    const bad = Object.keys(RULES).filter((field) => !check(field));
    if (bad.length > 0) return input(bad[0]!).focus();
    const code = input('code').value.trim();
    const platform = input('platform').value.trim();
    const body = {
      joinToken,
      name: input('name').value.trim(),
      mobile: input('mobile').value.trim(),
      idNumber: input('idNumber').value.trim().toUpperCase(),
      occupation: input('occupation').value,
      ...(platform ? { platform } : {}),
      regionCode: input('regionCode').value,
      consent: { version: CONSENT_VERSION, accepted: true, shareWithPlatforms: byId<HTMLInputElement>('share').checked },
      ...(verificationId && code ? { mobileVerification: { verificationId, code } } : {}),
    };
    submit.disabled = true;
    try {
      const joined = await api('POST', '/v1/memberships', { token, body, idempotent: true });
      if (joined.status === 201) {
        form.hidden = true;
        const card = await api<MemberCard>('GET', '/v1/memberships/me', { token });
        if (card.status === 200) showMine(card.body, '/me');
        byId('ecard-title').focus();
      } else if (joined.status === 409) {
        byId('form-error').textContent = '您已是会员或已有待审核的申请。';
      } else if (joined.status === 429) {
        byId('form-error').textContent = '提交太频繁，请稍后再试。';
      } else {
        showProblem(joined);
      }
    } finally {
      submit.disabled = false;
    }
  });
}

main().catch((error: Error) => stop(error.message || '页面加载失败，请稍后重试。'));
