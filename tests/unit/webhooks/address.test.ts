import { describe, expect, it, vi } from 'vitest';
import { checkTarget, isPublicAddress } from '../../../functions/webhooks/domain/address.js';
import { attemptDelivery } from '../../../functions/webhooks/use-cases/deliveries.js';
import { putWebhook } from '../../../functions/webhooks/use-cases/subscriptions.js';
import { memoryWebhookPorts, partner } from './memory-webhooks.js';

/** One address of every range a webhook may not reach, IPv4 and IPv6 (and IPv6's spellings of IPv4). */
const REFUSED = [
  '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.254', '192.168.1.1', // private
  '127.0.0.1', '127.8.8.8', // loopback
  '169.254.169.254', '169.254.0.1', // link-local: the instance metadata service
  '100.64.0.1', '100.127.255.254', // carrier-grade NAT
  '0.0.0.0', '0.1.2.3', // unspecified, "this network"
  '224.0.0.1', '255.255.255.255', '240.0.0.1', '192.0.2.10', '198.18.0.1',
  '::', '::1', // unspecified, loopback
  'fc00::1', 'fd12:3456:789a::1', // unique local
  'fe80::1', 'febf::1', // link-local
  '::ffff:10.0.0.1', '::ffff:127.0.0.1', '::ffff:169.254.169.254', '::ffff:a00:1', '::ffff:8.8.8.8', // IPv4-mapped, even of a public one
  '::127.0.0.1', '64:ff9b::a00:1', '2002:a00:1::1', 'ff02::1',
];
const PUBLIC = ['8.8.8.8', '1.1.1.1', '203.0.114.1', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111', '2400:3200::1'];

describe('isPublicAddress()', () => {
  it.each(REFUSED)('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(PUBLIC)('accepts %s', (address) => expect(isPublicAddress(address)).toBe(true));
  it('refuses what is not an address', () => expect(isPublicAddress('example.com')).toBe(false));
});

const deployed = { allowLocalLoopback: false };
const local = { allowLocalLoopback: true };
const resolvingTo = (...addresses: string[]) => vi.fn(async () => addresses);

describe('checkTarget()', () => {
  it.each(REFUSED)('refuses a name resolving to %s, naming body.url', async (address) => {
    await expect(checkTarget('https://hooks.example.com/in', deployed, resolvingTo(address))).rejects.toMatchObject({ status: 400, errors: [{ path: 'body.url' }] });
  });

  it.each(['http://169.254.169.254/', 'http://10.0.0.1/', 'https://169.254.169.254/latest/meta-data', 'https://10.0.0.1/', 'https://[::1]/', 'https://[fe80::1]/', 'https://[::ffff:7f00:1]/', 'https://0.0.0.0/', 'https://127.1/'])(
    'refuses %s without resolving anything',
    async (url) => {
      const resolve = resolvingTo('8.8.8.8');
      await expect(checkTarget(url, deployed, resolve)).rejects.toMatchObject({ status: 400, errors: [{ path: 'body.url' }] });
      expect(resolve).not.toHaveBeenCalled();
    },
  );

  it('refuses a name with one private address among public ones', async () => {
    await expect(checkTarget('https://hooks.example.com/', deployed, resolvingTo('8.8.8.8', '10.0.0.7'))).rejects.toMatchObject({ status: 400 });
  });

  it('refuses plain http, credentials, and a name that does not resolve', async () => {
    await expect(checkTarget('http://hooks.example.com/', deployed, resolvingTo('8.8.8.8'))).rejects.toMatchObject({ errors: [{ path: 'body.url', message: 'must be https' }] });
    await expect(checkTarget('https://user:pw@hooks.example.com/', deployed, resolvingTo('8.8.8.8'))).rejects.toMatchObject({ status: 400 });
    await expect(checkTarget('https://nowhere.example/', deployed, resolvingTo())).rejects.toMatchObject({ errors: [{ path: 'body.url', message: 'its host does not resolve' }] });
    await expect(checkTarget('not a url', deployed, resolvingTo())).rejects.toMatchObject({ status: 400 });
  });

  it('picks a public address to connect to, keeping the name in the URL', async () => {
    expect(await checkTarget('https://hooks.example.com/in', deployed, resolvingTo('2606:4700:4700::1111'))).toMatchObject({ address: '2606:4700:4700::1111', family: 6, url: new URL('https://hooks.example.com/in') });
  });

  it('takes http://127.0.0.1:<port> only where the local runtime allows it, and no other loopback', async () => {
    await expect(checkTarget('http://127.0.0.1:8080/hook', deployed, resolvingTo())).rejects.toMatchObject({ status: 400 });
    expect(await checkTarget('http://127.0.0.1:8080/hook', local, resolvingTo())).toMatchObject({ address: '127.0.0.1' });
    await expect(checkTarget('http://127.0.0.1/hook', local, resolvingTo())).rejects.toMatchObject({ status: 400 });
    await expect(checkTarget('http://localhost:8080/hook', local, resolvingTo('127.0.0.1'))).rejects.toMatchObject({ status: 400 });
    await expect(checkTarget('https://127.0.0.2:8080/hook', local, resolvingTo())).rejects.toMatchObject({ status: 400 });
  });
});

describe('putWebhook()', () => {
  it('refuses a URL resolving to a private address and stores nothing', async () => {
    const { ports, store } = memoryWebhookPorts({ resolve: resolvingTo('10.1.2.3') });
    await expect(putWebhook(partner, { url: 'https://internal.example.com/', events: ['roster.completed'] }, ports)).rejects.toMatchObject({ status: 400, errors: [{ path: 'body.url' }] });
    expect(store.subscriptions.size).toBe(0);
  });

  it('refuses events about another kind of account', async () => {
    const { ports } = memoryWebhookPorts();
    await expect(putWebhook(partner, { url: 'https://hooks.example.com/', events: ['roster.completed', 'wish.fulfilled'] }, ports)).rejects.toMatchObject({ status: 400, errors: [{ path: 'body.events.1' }] });
  });
});

describe('attemptDelivery() and addresses', () => {
  it.each(REFUSED)('never connects when the name resolves to %s by the time of delivery', async (address) => {
    const { ports, store, seedDelivery } = memoryWebhookPorts({ resolve: resolvingTo('8.8.8.8') });
    await putWebhook(partner, { url: 'https://hooks.example.com/in', events: ['roster.completed'] }, ports);
    const delivery = seedDelivery();
    ports.resolve = resolvingTo(address);
    const after = await attemptDelivery(delivery.id, ports);
    expect(ports.connect).not.toHaveBeenCalled();
    expect(after).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: expect.stringMatching(/^address refused/) });
    expect(store.deliveries.get(delivery.id)).toMatchObject({ attempts: 1 });
  });
});
