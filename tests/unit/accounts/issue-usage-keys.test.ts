import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../functions/accounts/domain/account.js';
import { issueMissingUsageKeys, type IssueUsageKeysPorts } from '../../../functions/accounts/use-cases/issue-usage-keys.js';
import { ConflictError } from '../../../shared/errors.js';

const now = new Date('2026-11-25T08:00:00.000Z');
const oldAccount = (id: string, fields: Partial<Account> = {}): Account => ({
  id,
  kind: 'partner',
  name: '闽送即配',
  creditCode: '91350200MA2Y00010X',
  createdAt: '2025-01-01T00:00:00.000Z',
  keyHash: `key-of-${id}`,
  tier: 'standard',
  ...fields,
});

/**
 * The accounts port over a map, holding the repository's condition: a usage key is stored only
 * on an account that still has none and the key it was read with. `beforeWrite` runs between the
 * use case's read and its write, as a concurrent request would.
 */
function accountsOf(accounts: Account[], options: { pageSize?: number; beforeWrite?: (account: Account) => void } = {}) {
  const stored = new Map(accounts.map((account) => [account.id, structuredClone(account)]));
  const keyUsage = new Map<string, string>();
  const port: IssueUsageKeysPorts['accounts'] = {
    async *allAccounts() {
      const all = [...stored.values()].map((account) => structuredClone(account));
      for (let at = 0; at < all.length; at += options.pageSize ?? 2) yield all.slice(at, at + (options.pageSize ?? 2));
    },
    get: async (id) => structuredClone(stored.get(id)),
    async addUsageKey(account, usageKey, keyHashes) {
      options.beforeWrite?.(account);
      const current = stored.get(account.id)!;
      if (current.usageKey || current.keyHash !== account.keyHash) throw new ConflictError('changed meanwhile');
      current.usageKey = usageKey;
      for (const keyHash of keyHashes) keyUsage.set(keyHash, usageKey);
    },
  };
  return { port, stored, keyUsage };
}

function portsOver(accounts: IssueUsageKeysPorts['accounts'], register: (input: { accountId: string; tier: string; usageKey: string }) => Promise<void> = async () => undefined) {
  const registered: { accountId: string; tier: string; usageKey: string }[] = [];
  let next = 0;
  const ports: IssueUsageKeysPorts = {
    accounts,
    usageKeys: {
      tiers: ['standard', 'bulk'],
      async register(input) {
        await register(input);
        registered.push(input);
      },
    },
    clock: { now: () => now },
    ids: { next: (prefix) => `${prefix}_${++next}` },
  };
  return { ports, registered };
}

describe('issueMissingUsageKeys()', () => {
  it('registers a usage key with its tier for every account without one, on every page, then stores it on the account and its live keys', async () => {
    const accounts = [
      oldAccount('acc_a'),
      oldAccount('acc_b', { tier: 'bulk', retiringKeys: [{ keyHash: 'still-live', retiresAt: '2026-11-26T00:00:00.000Z' }, { keyHash: 'retired', retiresAt: '2026-11-24T00:00:00.000Z' }] }),
      oldAccount('acc_c', { usageKey: 'usk_kept' }),
    ];
    const { port, stored, keyUsage } = accountsOf(accounts);
    const { ports, registered } = portsOver(port);

    expect(await issueMissingUsageKeys(ports)).toEqual({ issued: 2, skipped: 1, failed: 0 });
    expect(registered).toEqual([
      { accountId: 'acc_a', tier: 'standard', usageKey: 'usk_1' },
      { accountId: 'acc_b', tier: 'bulk', usageKey: 'usk_2' },
    ]);
    expect([...stored.values()].map((account) => account.usageKey)).toEqual(['usk_1', 'usk_2', 'usk_kept']);
    // A key past its retirement no longer works: it needs no usage key.
    expect(Object.fromEntries(keyUsage)).toEqual({ 'key-of-acc_a': 'usk_1', 'key-of-acc_b': 'usk_2', 'still-live': 'usk_2' });
  });

  it('issues nothing when run again', async () => {
    const { port, stored } = accountsOf([oldAccount('acc_a'), oldAccount('acc_b')]);
    await issueMissingUsageKeys(portsOver(port).ports);
    const after = structuredClone([...stored.values()]);
    const { ports, registered } = portsOver(port);

    expect(await issueMissingUsageKeys(ports)).toEqual({ issued: 0, skipped: 2, failed: 0 });
    expect(registered).toEqual([]);
    expect([...stored.values()]).toEqual(after);
  });

  it('keeps the usage key a rotation gave the account between the read and the write', async () => {
    let rotated = false;
    const { port, stored } = accountsOf([oldAccount('acc_a')], {
      beforeWrite(account) {
        if (rotated) return;
        rotated = true;
        Object.assign(stored.get(account.id)!, { keyHash: 'rotated', usageKey: 'usk_of_rotation' });
      },
    });
    const { ports, registered } = portsOver(port);

    expect(await issueMissingUsageKeys(ports)).toEqual({ issued: 0, skipped: 1, failed: 0 });
    expect(stored.get('acc_a')).toMatchObject({ keyHash: 'rotated', usageKey: 'usk_of_rotation' });
    // Registered before the write, and unused after it: nobody can present it.
    expect(registered.map((input) => input.usageKey)).toEqual(['usk_1']);
  });

  it('counts and reports an account it could not register, stores nothing for it, and goes on with the others', async () => {
    const { port, stored } = accountsOf([oldAccount('acc_a'), oldAccount('acc_b')]);
    const { ports } = portsOver(port, async ({ accountId }) => {
      if (accountId === 'acc_a') throw new Error('TooManyRequestsException');
    });
    const failures: string[] = [];

    expect(await issueMissingUsageKeys(ports, { onFailure: (accountId, error) => failures.push(`${accountId}: ${error.message}`) })).toEqual({ issued: 1, skipped: 0, failed: 1 });
    expect(failures).toEqual(['acc_a: TooManyRequestsException']);
    expect(stored.get('acc_a')!.usageKey).toBeUndefined();
    expect(stored.get('acc_b')!.usageKey).toBe('usk_2');
  });

  it('counts a refused write that no rotation explains as a failure', async () => {
    const { port } = accountsOf([oldAccount('acc_a')], {
      beforeWrite(account) {
        throw new ConflictError(`${account.id} changed meanwhile`);
      },
    });
    expect(await issueMissingUsageKeys(portsOver(port).ports)).toEqual({ issued: 0, skipped: 0, failed: 1 });
  });

  it('registers the keys accounts already have again when asked (a registry that forgets at restart)', async () => {
    const { port } = accountsOf([oldAccount('acc_a', { usageKey: 'usk_a', tier: 'bulk' }), oldAccount('acc_b')]);
    const { ports, registered } = portsOver(port);

    expect(await issueMissingUsageKeys(ports, { registerExisting: true })).toEqual({ issued: 1, skipped: 1, failed: 0 });
    expect(registered).toEqual([
      { accountId: 'acc_a', tier: 'bulk', usageKey: 'usk_a' },
      { accountId: 'acc_b', tier: 'standard', usageKey: 'usk_1' },
    ]);
  });

  it('leaves every account with a usage key, never replacing one it had or one a rotation gave it meanwhile', async () => {
    const accountsArbitrary = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^acc_[a-z0-9]{1,6}$/), hasKey: fc.boolean(), rotatedMeanwhile: fc.boolean() }), { selector: (a) => a.id, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(accountsArbitrary, fc.integer({ min: 1, max: 5 }), async (specs, pageSize) => {
        const before = specs.map((spec) => oldAccount(spec.id, spec.hasKey ? { usageKey: `usk_had_${spec.id}` } : {}));
        const rotating = new Set(specs.filter((spec) => spec.rotatedMeanwhile).map((spec) => spec.id));
        const { port, stored } = accountsOf(before, {
          pageSize,
          beforeWrite(account) {
            if (rotating.delete(account.id)) Object.assign(stored.get(account.id)!, { keyHash: 'rotated', usageKey: `usk_rotation_${account.id}` });
          },
        });
        const counts = await issueMissingUsageKeys(portsOver(port).ports);

        expect(counts.failed).toBe(0);
        expect(counts.issued + counts.skipped).toBe(specs.length);
        for (const spec of specs) {
          const usageKey = stored.get(spec.id)!.usageKey;
          if (spec.hasKey) expect(usageKey).toBe(`usk_had_${spec.id}`);
          else if (spec.rotatedMeanwhile) expect(usageKey).toBe(`usk_rotation_${spec.id}`);
          else expect(usageKey).toMatch(/^usk_\d+$/);
        }
      }),
    );
  });
});
