import { describe, expect, it } from 'vitest';
import { AccountKindSchema, AccountNotFoundError, DuplicateAccountError, MAX_RETIRING_KEYS, isKeyLive, retirePreviousKey, rotation, type Account } from '../../../functions/accounts/domain/account.js';
import { createAccount } from '../../../functions/accounts/use-cases/create-account.js';
import { findKeyOwner } from '../../../functions/accounts/use-cases/find-key-owner.js';
import { rotateKey } from '../../../functions/accounts/use-cases/rotate-key.js';
import { listAccounts, ownAccount } from '../../../functions/accounts/use-cases/read-accounts.js';

const now = new Date('2026-11-25T08:00:00.000Z');
const clock = { now: () => now };
const account: Account = { id: 'acc_1', kind: 'partner', name: '闽送即配', creditCode: '91350200MA2Y00010X', createdAt: '2026-01-01T00:00:00.000Z', keyHash: 'old', tier: 'standard', usageKey: 'usk_1' };

/** A usage-key registry that remembers what it was asked to register. */
const recordingUsageKeys = (tiers: readonly string[] = ['standard', 'bulk']) => {
  const registered: { accountId: string; tier: string; usageKey: string }[] = [];
  return { registered, tiers, register: async (input: (typeof registered)[number]) => void registered.push(input) };
};

describe('retirePreviousKey()', () => {
  it('revokes at once without an overlap', () => {
    expect(retirePreviousKey(account, 0, now)).toEqual({ keyHash: 'old', retiresAt: null });
  });

  it('retires after exactly the hours asked for, up to 72', () => {
    expect(retirePreviousKey(account, 1, now)).toEqual({ keyHash: 'old', retiresAt: '2026-11-25T09:00:00.000Z' });
    expect(retirePreviousKey(account, 72, now)).toEqual({ keyHash: 'old', retiresAt: '2026-11-28T08:00:00.000Z' });
  });

  it('refuses an overlap outside 0-72 hours', () => {
    expect(() => retirePreviousKey(account, 73, now)).toThrow(RangeError);
    expect(() => retirePreviousKey(account, -1, now)).toThrow(RangeError);
  });
});

describe('isKeyLive()', () => {
  const key = { accountId: 'acc_1', kind: 'donor' as const, name: 'd' };
  it('keeps a key without a retirement time live', () => {
    expect(isKeyLive(key, now)).toBe(true);
  });
  it('ends a retiring key at its retirement instant, not before', () => {
    expect(isKeyLive({ ...key, retiresAt: '2026-11-25T08:00:00.001Z' }, now)).toBe(true);
    expect(isKeyLive({ ...key, retiresAt: '2026-11-25T08:00:00.000Z' }, now)).toBe(false);
  });
});

describe('createAccount()', () => {
  const ids = { next: (p: string) => `${p}_9` };
  const issue = () => ({ apiKey: 'ugk_secret', keyHash: 'h1' });

  it('stores the account with the key hash only, and answers the key once', async () => {
    const stored: Account[] = [];
    const usageKeys = recordingUsageKeys();
    const result = await createAccount({ kind: 'donor', name: '鹭岛爱心', creditCode: 'c' }, { accounts: { create: async (a) => void stored.push(a) }, keys: { issue }, usageKeys, clock, ids });
    expect(result).toEqual({
      apiKey: 'ugk_secret',
      account: { id: 'acc_9', kind: 'donor', name: '鹭岛爱心', creditCode: 'c', createdAt: now.toISOString(), keyHash: 'h1', tier: 'standard', usageKey: 'usk_9' },
    });
    expect(stored).toEqual([result.account]);
    expect(JSON.stringify(stored)).not.toContain('ugk_secret');
  });

  it('registers a usage key, not the API key, with the tier asked for', async () => {
    const usageKeys = recordingUsageKeys();
    const { account: created } = await createAccount({ kind: 'partner', name: '闽送', creditCode: 'c', tier: 'bulk' }, { accounts: { create: async () => undefined }, keys: { issue }, usageKeys, clock, ids });
    expect(created.tier).toBe('bulk');
    expect(usageKeys.registered).toEqual([{ accountId: 'acc_9', tier: 'bulk', usageKey: 'usk_9' }]);
  });

  it('refuses a tier the province does not configure, naming the field, and writes nothing', async () => {
    const stored: Account[] = [];
    const usageKeys = recordingUsageKeys();
    await expect(
      createAccount({ kind: 'partner', name: '闽送', creditCode: 'c', tier: 'gold' }, { accounts: { create: async (a) => void stored.push(a) }, keys: { issue }, usageKeys, clock, ids }),
    ).rejects.toMatchObject({ status: 400, errors: [{ path: 'body.tier', message: expect.stringContaining('standard, bulk') }] });
    expect([stored, usageKeys.registered]).toEqual([[], []]);
  });
});

describe('rotation()', () => {
  const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
  const kept = (...hashes: [string, number][]) => hashes.map(([keyHash, hours]) => ({ keyHash, retiresAt: at(hours) }));

  it('keeps the earlier kept keys to their own retirement when rotating with overlap, dropping the retired', () => {
    const { after, revoked } = rotation({ ...account, retiringKeys: kept(['a', 5], ['b', -1]) }, 'new', 2, now);
    expect(after.retiringKeys).toEqual(kept(['a', 5], ['old', 2]));
    expect(revoked).toEqual(['b']);
  });

  it(`keeps ${MAX_RETIRING_KEYS} rotated-out keys at most, revoking the oldest`, () => {
    const { after, revoked } = rotation({ ...account, retiringKeys: kept(['a', 1], ['b', 2], ['c', 3]) }, 'new', 4, now);
    expect(after.retiringKeys).toEqual(kept(['b', 2], ['c', 3], ['old', 4]));
    expect(revoked).toEqual(['a']);
  });

  it('leaves only the new key working after a rotation without overlap', () => {
    const { after, previous, revoked } = rotation({ ...account, retiringKeys: kept(['a', 1], ['b', 2]) }, 'new', 0, now);
    expect(after).toEqual({ ...account, keyHash: 'new' });
    expect(previous).toEqual({ keyHash: 'old', retiresAt: null });
    expect(revoked).toEqual(['a', 'b']);
  });
});

describe('rotateKey()', () => {
  it('registers the new key and retires the old one as decided', async () => {
    const writes: unknown[] = [];
    const result = await rotateKey('acc_1', 2, {
      accounts: { get: async () => account, replaceKey: async (...args) => void writes.push(args) },
      keys: { issue: () => ({ apiKey: 'ugk_new', keyHash: 'new' }) },
      usageKeys: recordingUsageKeys(),
      clock,
      ids: { next: (p) => `${p}_2` },
    });
    expect(result).toEqual({ apiKey: 'ugk_new' });
    expect(writes).toEqual([[account, { ...account, keyHash: 'new', retiringKeys: [{ keyHash: 'old', retiresAt: '2026-11-25T10:00:00.000Z' }] }, { keyHash: 'old', retiresAt: '2026-11-25T10:00:00.000Z' }, []]]);
  });

  it('revokes the keys an earlier overlap kept when rotating without overlap, and remembers none', async () => {
    const writes: unknown[] = [];
    const overlapping = { ...account, retiringKeys: [{ keyHash: 'older', retiresAt: '2026-11-25T20:00:00.000Z' }] };
    await rotateKey('acc_1', 0, {
      accounts: { get: async () => overlapping, replaceKey: async (...args) => void writes.push(args) },
      keys: { issue: () => ({ apiKey: 'ugk_new', keyHash: 'new' }) },
      usageKeys: recordingUsageKeys(),
      clock,
      ids: { next: (p) => `${p}_2` },
    });
    expect(writes).toEqual([[overlapping, { ...account, keyHash: 'new' }, { keyHash: 'old', retiresAt: null }, ['older']]]);
  });

  it('keeps the usage key across rotations, registering it again (a no-op once registered)', async () => {
    const writes: [Account, Account, ...unknown[]][] = [];
    const usageKeys = recordingUsageKeys();
    await rotateKey('acc_1', 0, {
      accounts: { get: async () => ({ ...account, tier: 'bulk' }), replaceKey: async (...args) => void writes.push(args) },
      keys: { issue: () => ({ apiKey: 'ugk_new', keyHash: 'new' }) },
      usageKeys,
      clock,
      ids: { next: (p) => `${p}_2` },
    });
    expect(usageKeys.registered).toEqual([{ accountId: 'acc_1', tier: 'bulk', usageKey: 'usk_1' }]);
    expect(writes[0]![1].usageKey).toBe('usk_1');
  });

  it('gives an account created before usage tiers a usage key at its next rotation', async () => {
    const writes: [Account, Account, ...unknown[]][] = [];
    const usageKeys = recordingUsageKeys();
    const { usageKey: _none, ...older } = account;
    await rotateKey('acc_1', 0, {
      accounts: { get: async () => older, replaceKey: async (...args) => void writes.push(args) },
      keys: { issue: () => ({ apiKey: 'ugk_new', keyHash: 'new' }) },
      usageKeys,
      clock,
      ids: { next: (p) => `${p}_2` },
    });
    expect(usageKeys.registered).toEqual([{ accountId: 'acc_1', tier: 'standard', usageKey: 'usk_2' }]);
    expect(writes[0]!.slice(0, 2)).toMatchObject([older, { usageKey: 'usk_2', keyHash: 'new' }]);
  });

  it('is 404 for an unknown account and writes nothing', async () => {
    const writes: unknown[] = [];
    await expect(
      rotateKey('acc_x', 0, { accounts: { get: async () => undefined, replaceKey: async (...args) => void writes.push(args) }, keys: { issue: () => ({ apiKey: 'k', keyHash: 'h' }) }, usageKeys: recordingUsageKeys(), clock, ids: { next: (p) => `${p}_2` } }),
    ).rejects.toMatchObject({ status: 404 });
    expect(writes).toEqual([]);
  });
});

describe('findKeyOwner()', () => {
  const lookup = (key: Awaited<ReturnType<Parameters<typeof findKeyOwner>[1]['accounts']['findKey']>>) => ({ accounts: { findKey: async () => key }, clock });
  it('finds the owner of a live key', async () => {
    expect(await findKeyOwner('h', lookup({ accountId: 'acc_1', kind: 'partner', name: 'p' }))).toEqual({ accountId: 'acc_1', kind: 'partner', name: 'p' });
  });
  it("passes the account's usage key on, for the gateway's throttling", async () => {
    expect(await findKeyOwner('h', lookup({ accountId: 'acc_1', kind: 'partner', name: 'p', usageKey: 'usk_1' }))).toEqual({ accountId: 'acc_1', kind: 'partner', name: 'p', usageKey: 'usk_1' });
  });
  it('finds nobody for an unknown or retired key', async () => {
    expect(await findKeyOwner('h', lookup(undefined))).toBeUndefined();
    expect(await findKeyOwner('h', lookup({ accountId: 'acc_1', kind: 'partner', name: 'p', retiresAt: '2026-11-25T07:59:59.000Z' }))).toBeUndefined();
  });
});

describe('account errors and kinds', () => {
  it('names the missing account and the duplicated kind', () => {
    expect(new AccountNotFoundError('acc_7')).toMatchObject({ status: 404, message: 'No account acc_7' });
    expect(new DuplicateAccountError('donor')).toMatchObject({ status: 409, message: 'A donor account with this credit code already exists' });
  });

  it('knows exactly the partner, donor and employer kinds', () => {
    expect(AccountKindSchema.options).toEqual(['partner', 'donor', 'employer']);
  });

  it('says the allowed range when an overlap is out of it', () => {
    expect(() => retirePreviousKey(account, 100, now)).toThrow('keepPreviousForHours must be 0-72');
  });
});

describe('ownAccount() and listAccounts()', () => {
  const ports = {
    accounts: {
      get: async (id: string) => (id === account.id ? account : undefined),
      listByKind: async (kind: string, page: { limit: number; cursor?: string }) => ({ items: kind === 'partner' ? [account] : [], nextCursor: page.cursor ?? null }),
    },
  };

  it('finds the calling account, and says which one is missing', async () => {
    expect(await ownAccount('acc_1', ports)).toBe(account);
    await expect(ownAccount('acc_gone', ports)).rejects.toMatchObject({ status: 404, message: 'No account acc_gone' });
  });

  it('lists the accounts of the kind asked for, passing the page on', async () => {
    expect(await listAccounts('partner', { limit: 5, cursor: 'c' }, ports)).toEqual({ items: [account], nextCursor: 'c' });
    expect(await listAccounts('donor', { limit: 5 }, ports)).toEqual({ items: [], nextCursor: null });
  });
});
