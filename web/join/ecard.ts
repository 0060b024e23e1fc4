import { qrPath } from '../../shared/qr.js';
import { byId, el, svgEl } from '../common/dom.js';

/** The e-card as `GET /v1/memberships/me` answers it: personal fields already masked. */
export interface MemberCard {
  status: string;
  orgName: string | null;
  memberNo: string | null;
  since: string | null;
  name: string | null;
}

const STATUS: Record<string, string> = { active: '正式会员', pending: '待工会审核', rejected: '未通过审核', left: '已退会', erased: '已注销' };

/**
 * Shows the e-card: org, masked name, status, member number and a QR code of the member number
 * (what staff scan at a station or a fair); a pending membership has no number yet, so no code.
 * Drawn into the page's `#ecard` section, so the join page and my-membership page show one card.
 */
export function showCard(card: MemberCard): void {
  const row = (label: string, id: string, value: string) => [el('dt', {}, label), el('dd', { id }, value)];
  const code = el('div', { id: 'ecard-code', class: 'ecard-code' });
  if (card.memberNo) {
    const qr = qrPath(card.memberNo);
    code.append(
      svgEl('svg', { viewBox: `0 0 ${qr.size} ${qr.size}`, role: 'img', 'aria-label': `会员码 ${card.memberNo}` }, svgEl('rect', { width: qr.size, height: qr.size, fill: '#fff' }), svgEl('path', { d: qr.d, fill: '#000', 'shape-rendering': 'crispEdges' })),
    );
  }
  const section = byId('ecard');
  section.replaceChildren(
    el('h2', { id: 'ecard-title', tabindex: '-1' }, '工会会员电子卡'),
    el('p', { id: 'ecard-org', class: 'ecard-org' }, card.orgName ?? ''),
    el(
      'dl',
      {},
      ...row('姓名', 'ecard-name', card.name ?? ''),
      ...row('会员状态', 'ecard-status', STATUS[card.status] ?? card.status),
      ...row('会员编号', 'ecard-no', card.memberNo ?? '审核通过后生成'),
      ...row('入会日期', 'ecard-since', card.since ? new Date(card.since).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—'),
    ),
    code,
  );
  section.hidden = false;
}
