import { describe, expect, it, vi } from 'vitest';
import { deliveryIdOf } from '../../../functions/webhooks/domain/delivery.js';
import { wishFulfilled } from '../../../functions/webhooks/domain/events.js';
import { verifyWebhook } from '../../../examples/webhook-receiver/verify.js';
import { attemptDelivery, fanOut, retryDelivery, sendPing } from '../../../functions/webhooks/use-cases/deliveries.js';
import { deleteWebhook, putWebhook } from '../../../functions/webhooks/use-cases/subscriptions.js';
import { donor, memoryWebhookPorts, partner } from './memory-webhooks.js';

const rosterDone = { accountId: partner.accountId, type: 'roster.completed' as const, occurredAt: '2026-12-01T00:00:00.000Z', data: { rosterId: 'ros_1' } };

describe('fanOut()', () => {
  it('makes one delivery per event and account, however often the event comes, and hands it over while pending', async () => {
    const { ports, store, sent } = memoryWebhookPorts();
    await putWebhook(partner, { url: 'https://hooks.example.com/', events: ['roster.completed'] }, ports);
    await fanOut(rosterDone, 'evt_1', ports);
    await fanOut(rosterDone, 'evt_1', ports);
    const id = deliveryIdOf('evt_1', partner.accountId);
    expect([...store.deliveries.keys()]).toEqual([id]);
    expect(sent).toEqual([{ deliveryIds: [id] }, { deliveryIds: [id] }]);
    expect(JSON.parse(store.deliveries.get(id)!.body)).toEqual({ id, type: 'roster.completed', occurredAt: '2026-12-01T00:00:00.000Z', data: { rosterId: 'ros_1' } });
  });

  it('sends nothing to an account without a webhook or not subscribed to the event', async () => {
    const { ports, store } = memoryWebhookPorts();
    await fanOut(rosterDone, 'evt_1', ports);
    await putWebhook(partner, { url: 'https://hooks.example.com/', events: ['roster.failed'] }, ports);
    await fanOut(rosterDone, 'evt_2', ports);
    expect(store.deliveries.size).toBe(0);
  });

  it('tells a donor of its own fulfilled wish, and nobody of a union-funded one', () => {
    const event = { id: 'e', type: 'WishFulfilled', version: 1, occurredAt: '2026-12-01T00:00:00.000Z', province: '35', data: {} };
    const base = { wishId: 'w', campaignId: 'c', orgId: 'o', ancestors: [], category: 'daily' as const, valueFen: 100, from: 'delivered' as const, to: 'fulfilled' as const, fulfilledAt: '2026-12-01T00:00:00.000Z', thanked: true };
    expect(wishFulfilled({ ...base, claimKind: 'donor', donorId: donor.accountId }, event)).toMatchObject({ accountId: donor.accountId, type: 'wish.fulfilled', data: { wishId: 'w', thanked: true } });
    expect(wishFulfilled({ ...base, claimKind: 'union' }, event)).toBeNull();
  });
});

describe('attemptDelivery()', () => {
  it('POSTs the body signed with the account secret to the checked address and marks it delivered', async () => {
    const { ports, store, seedDelivery } = memoryWebhookPorts();
    const { secret } = await putWebhook(partner, { url: 'https://hooks.example.com/in', events: ['roster.completed'] }, ports);
    const delivery = seedDelivery();
    expect(await attemptDelivery(delivery.id, ports)).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
    const [target, headers, body, timeoutMs] = vi.mocked(ports.connect).mock.calls[0]!;
    expect(target).toMatchObject({ address: '8.8.8.8', url: new URL('https://hooks.example.com/in') });
    expect(body).toBe(delivery.body);
    expect(timeoutMs).toBe(10_000);
    expect(headers['webhook-id']).toBe(delivery.id);
    expect(verifyWebhook({ secret, headers, body, now: new Date(Number(headers['webhook-timestamp']) * 1000) })).toMatchObject({ ok: true, id: delivery.id });
    // Delivered: a second task for it does nothing.
    await attemptDelivery(delivery.id, ports);
    expect(ports.connect).toHaveBeenCalledTimes(1);
    expect(store.deliveries.get(delivery.id)!.attempts).toBe(1);
  });

  it('on a failure records the answer and sends itself again after the backoff, in hops of 15 minutes at most', async () => {
    const { ports, sent, seedDelivery, advance } = memoryWebhookPorts({ connect: vi.fn(async () => ({ statusCode: 503 })) });
    await putWebhook(partner, { url: 'https://hooks.example.com/', events: ['roster.completed'] }, ports);
    const delivery = seedDelivery();
    expect(await attemptDelivery(delivery.id, ports)).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503, nextAttemptAt: '2026-12-01T00:00:22.500Z' });
    expect(sent).toEqual([{ deliveryIds: [delivery.id], delaySeconds: 23 }]);
    // Early (a task sent twice): not due, sent again for the rest, nothing posted.
    await attemptDelivery(delivery.id, ports);
    expect(ports.connect).toHaveBeenCalledTimes(1);
    expect(sent.at(-1)).toEqual({ deliveryIds: [delivery.id], delaySeconds: 23 });
    for (let i = 0; i < 7; i++) {
      advance(3600_000);
      await attemptDelivery(delivery.id, ports);
    }
    expect(Math.max(...sent.map((s) => s.delaySeconds ?? 0))).toBe(900);
  });

  it('posts again under the same Webhook-Id when the process died after the POST and before recording it', async () => {
    const { ports, seedDelivery } = memoryWebhookPorts();
    await putWebhook(partner, { url: 'https://hooks.example.com/', events: ['roster.completed'] }, ports);
    const delivery = seedDelivery();
    const recordAttempt = ports.webhooks.recordAttempt;
    ports.webhooks = { ...ports.webhooks, recordAttempt: () => Promise.reject(new Error('the function timed out')) };
    await expect(attemptDelivery(delivery.id, ports)).rejects.toThrow('the function timed out');
    // The queue hands the task over again: the delivery is still pending and due.
    ports.webhooks = { ...ports.webhooks, recordAttempt };
    expect(await attemptDelivery(delivery.id, ports)).toMatchObject({ status: 'delivered', attempts: 1 });
    const ids = vi.mocked(ports.connect).mock.calls.map(([, headers]) => headers['webhook-id']);
    expect(ids).toEqual([delivery.id, delivery.id]);
  });

  it('fails a delivery whose account removed its webhook, without connecting', async () => {
    const { ports, seedDelivery } = memoryWebhookPorts();
    await putWebhook(partner, { url: 'https://hooks.example.com/', events: ['roster.completed'] }, ports);
    const delivery = seedDelivery();
    await deleteWebhook(partner.accountId, ports);
    await attemptDelivery(delivery.id, ports);
    expect(ports.connect).not.toHaveBeenCalled();
    expect((await ports.webhooks.getDelivery(delivery.id))!).toMatchObject({ status: 'failed', lastError: 'the account removed its webhook' });
  });

  it('counts a delivery marked failed once, however often its task comes again', async () => {
    const { ports, seedDelivery, counted } = memoryWebhookPorts();
    await putWebhook(partner, { url: 'https://hooks.example.com/', events: ['roster.completed'] }, ports);
    const delivery = seedDelivery();
    await deleteWebhook(partner.accountId, ports);
    await attemptDelivery(delivery.id, ports);
    await attemptDelivery(delivery.id, ports);
    expect(counted).toEqual(['WebhookDeliveryFailed']);
  });
});

describe('retryDelivery() and sendPing()', () => {
  it('makes a failed delivery due now with a fresh window, through the outbox; another account\'s is not found', async () => {
    const { ports, store, seedDelivery } = memoryWebhookPorts();
    const delivery = seedDelivery();
    store.deliveries.set(delivery.id, { ...delivery, status: 'failed', attempts: 15, nextAttemptAt: null });
    await expect(retryDelivery(donor.accountId, delivery.id, ports)).rejects.toMatchObject({ status: 404 });
    expect(await retryDelivery(partner.accountId, delivery.id, ports)).toMatchObject({ status: 'pending', attempts: 15, nextAttemptAt: '2026-12-01T00:00:00.000Z' });
    expect(store.outbox).toEqual([expect.objectContaining({ type: 'WebhookDeliveryRequested', data: { deliveryId: delivery.id, accountId: partner.accountId } })]);
  });

  it('pings only an account with a webhook', async () => {
    const { ports, store } = memoryWebhookPorts();
    await expect(sendPing(partner, ports)).rejects.toMatchObject({ status: 409 });
    await putWebhook(partner, { url: 'https://hooks.example.com/', events: ['roster.completed'] }, ports);
    const ping = await sendPing(partner, ports);
    expect(JSON.parse(store.deliveries.get(ping.id)!.body)).toMatchObject({ id: ping.id, type: 'ping', data: {} });
    expect(store.outbox).toHaveLength(1);
  });
});
