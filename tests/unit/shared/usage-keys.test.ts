import { describe, expect, it } from 'vitest';
import { apiGatewayUsageKeys, localUsageKeys, localUsageTierOf, usageKeys } from '../../../shared/usage-keys.js';

/** An API Gateway that keeps keys and plan memberships, answering as the service does. */
function fakeApiGateway() {
  const keys: { id: string; name: string; value: string }[] = [];
  const inPlan = new Set<string>();
  const calls: string[] = [];
  const send = async (command: { constructor: { name: string }; input: any }) => {
    const name = command.constructor.name;
    calls.push(name);
    switch (name) {
      case 'GetUsagePlansCommand':
        return { items: [{ id: 'p-std', name: 'union-services-fujian-standard' }, { id: 'p-bulk', name: 'union-services-fujian-bulk' }] };
      case 'GetApiKeysCommand':
        return { items: keys.filter((key) => key.name.startsWith(command.input.nameQuery)) };
      case 'CreateApiKeyCommand': {
        const key = { id: `k${keys.length + 1}`, name: command.input.name, value: command.input.value };
        keys.push(key);
        return { id: key.id };
      }
      case 'CreateUsagePlanKeyCommand': {
        const member = `${command.input.usagePlanId}/${command.input.keyId}`;
        if (inPlan.has(member)) throw Object.assign(new Error('exists'), { name: 'ConflictException' });
        inPlan.add(member);
        return {};
      }
      default:
        throw new Error(`unexpected ${name}`);
    }
  };
  return { client: { send } as never, keys, inPlan, calls };
}

const planNames = { standard: 'union-services-fujian-standard', bulk: 'union-services-fujian-bulk' };

describe('apiGatewayUsageKeys()', () => {
  it("creates an API key valued with the usage key and adds it to the tier's plan", async () => {
    const gateway = fakeApiGateway();
    const registry = apiGatewayUsageKeys(gateway.client, planNames);
    expect(registry.tiers).toEqual(['standard', 'bulk']);
    await registry.register({ accountId: 'acc_1', tier: 'bulk', usageKey: 'usk_1' });
    expect(gateway.keys).toEqual([{ id: 'k1', name: 'acc_1', value: 'usk_1' }]);
    expect([...gateway.inPlan]).toEqual(['p-bulk/k1']);
  });

  it('changes nothing when the same registration comes again (a retry, a rotation)', async () => {
    const gateway = fakeApiGateway();
    const registry = apiGatewayUsageKeys(gateway.client, planNames);
    await registry.register({ accountId: 'acc_1', tier: 'standard', usageKey: 'usk_1' });
    await registry.register({ accountId: 'acc_1', tier: 'standard', usageKey: 'usk_1' });
    expect(gateway.keys).toHaveLength(1);
    expect([...gateway.inPlan]).toEqual(['p-std/k1']);
    // The plans are looked up once per container.
    expect(gateway.calls.filter((call) => call === 'GetUsagePlansCommand')).toHaveLength(1);
  });

  it('refuses a tier without a plan', async () => {
    const registry = apiGatewayUsageKeys(fakeApiGateway().client, planNames);
    await expect(registry.register({ accountId: 'acc_1', tier: 'gold', usageKey: 'usk_1' })).rejects.toThrow('No usage plan for tier gold');
  });
});

describe('usageKeys()', () => {
  it('registers locally when the local runtime names its tiers', async () => {
    const registry = usageKeys({ LOCAL_USAGE_TIERS: '["standard","trial"]' });
    expect(registry.tiers).toEqual(['standard', 'trial']);
    await registry.register({ accountId: 'acc_1', tier: 'trial', usageKey: 'usk_local_1' });
    expect(localUsageTierOf('usk_local_1')).toBe('trial');
    expect(localUsageKeys(['standard']).tiers).toEqual(['standard']);
  });

  it('says what to set when neither the stack nor the local runtime configured plans', () => {
    expect(() => usageKeys({})).toThrow('USAGE_PLAN_NAMES');
  });
});
