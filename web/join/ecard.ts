import { qrPath } from '../../shared/qr.js';
import { byId, svgEl } from '../common/dom.js';

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
 */
export function showCard(card: MemberCard): void {
  byId('ecard-org').textContent = card.orgName ?? '';
  byId('ecard-name').textContent = card.name ?? '';
  byId('ecard-status').textContent = STATUS[card.status] ?? card.status;
  byId('ecard-no').textContent = card.memberNo ?? '审核通过后生成';
  byId('ecard-since').textContent = card.since ? new Date(card.since).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
  const code = byId('ecard-code');
  code.replaceChildren();
  if (card.memberNo) {
    const qr = qrPath(card.memberNo);
    code.append(
      svgEl('svg', { viewBox: `0 0 ${qr.size} ${qr.size}`, role: 'img', 'aria-label': `会员码 ${card.memberNo}` }, svgEl('rect', { width: qr.size, height: qr.size, fill: '#fff' }), svgEl('path', { d: qr.d, fill: '#000', 'shape-rendering': 'crispEdges' })),
    );
  }
  byId('ecard').hidden = false;
}
