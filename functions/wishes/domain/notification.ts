import type { Envelope } from '../../../events/envelope.js';
import type { WishTransition } from '../../../events/wish-transition.js';
import type { Wish } from './wish.js';

/** A message in a worker's inbox about one of their wishes. */
export interface Notification {
  id: string;
  type: string;
  text: string;
  wishId: string;
  createdAt: string;
  read: boolean;
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Ids sort by time (newest first is a reverse Query) and are unique per event. */
export const notificationId = (event: Envelope) => `ntf_${event.occurredAt.replace(/[-:.]/g, '')}_${event.id.replaceAll('-', '').slice(0, 12)}`;

/**
 * What the worker is told when their wish moves, or nothing for moves they caused themselves
 * (submitting, confirming) or that no longer concern them (withdrawal). The text names no donor:
 * donors stay as anonymous to workers as workers are to donors.
 */
export function notificationFor(event: Envelope<WishTransition>, wish: Wish): Notification | undefined {
  const title = `「${wish.title}」`;
  const texts: Record<string, string | undefined> = {
    WishOpened: `您的微心愿${title}已通过审核，进入心愿池等待认领。`,
    WishRejected: `您的微心愿${title}未通过审核：${wish.rejectionReason ?? ''}`,
    WishClaimed: `您的微心愿${title}已被爱心企业认领。`,
    WishFunded: `您的微心愿${title}由工会出资 ${yuan(wish.valueFen)} 元实现。`,
    WishReleased: `您的微心愿${title}已回到心愿池，等待新的认领。`,
    WishExpired: `您的微心愿${title}的认领已过期，已回到心愿池。`,
    WishDelivered:
      wish.delivery?.to === 'station' && wish.delivery.station
        ? `您的微心愿${title}的礼物已送到${wish.delivery.station.name}（${wish.delivery.station.address}），请前往领取。`
        : `您的微心愿${title}的礼物已送到工会，工会将联系您领取。`,
  };
  const text = texts[event.type];
  if (text === undefined) return undefined;
  return { id: notificationId(event), type: event.type, text, wishId: wish.id, createdAt: event.occurredAt, read: false };
}
