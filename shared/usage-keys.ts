import { APIGatewayClient, CreateApiKeyCommand, CreateUsagePlanKeyCommand, GetApiKeysCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { z } from 'zod';

/**
 * Where an account's usage key is registered with its tier, so the gateway throttles it by the
 * tier's rate, burst and daily quota. A usage key is a random identifier, not a secret: only the
 * authorizer presents it to the gateway (as `usageIdentifierKey`), and only for a caller whose
 * API key it verified.
 *
 * @example
 * await usageKeys.register({ accountId: 'acc_1', tier: 'standard', usageKey: 'usk_4f1c…' });
 */
export interface UsageKeys {
  /** The province's tier names; an account's tier must be one of them. */
  readonly tiers: readonly string[];
  /** Registers the key under the tier's usage plan; registering the same key again changes nothing. */
  register(input: { accountId: string; tier: string; usageKey: string }): Promise<void>;
}

type ApiGateway = Pick<APIGatewayClient, 'send'>;

/**
 * The deployed registry: an API Gateway API key whose value is the usage key, named after the
 * account, added to the tier's usage plan (`planNames`: tier → usage plan name). The plans are
 * found by name, once per container: their ids cannot reach the functions through the stack
 * (the plans hang on the stage, which hangs on every function). A retry finds the key it
 * created by name and value instead of creating a second one, and a key already in the plan is
 * a success.
 */
export function apiGatewayUsageKeys(client: ApiGateway, planNames: Record<string, string>): UsageKeys {
  let planIds: Promise<Map<string, string>> | undefined;
  async function findPlanIds(): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    let position: string | undefined;
    do {
      const page = await client.send(new GetUsagePlansCommand({ limit: 500, position }));
      for (const plan of page.items ?? []) if (plan.name && plan.id) ids.set(plan.name, plan.id);
      position = page.position;
    } while (position);
    return ids;
  }
  async function planIdOf(tier: string): Promise<string> {
    const name = planNames[tier];
    if (!name) throw new Error(`No usage plan for tier ${tier}`);
    planIds ??= findPlanIds().catch((error: unknown) => {
      planIds = undefined;
      throw error;
    });
    const id = (await planIds).get(name);
    if (!id) throw new Error(`No usage plan named ${name}`);
    return id;
  }

  async function existingKeyId(accountId: string, usageKey: string): Promise<string | undefined> {
    let position: string | undefined;
    do {
      const page = await client.send(new GetApiKeysCommand({ nameQuery: accountId, includeValues: true, limit: 500, position }));
      const found = page.items?.find((key) => key.name === accountId && key.value === usageKey);
      if (found?.id) return found.id;
      position = page.position;
    } while (position);
    return undefined;
  }

  return {
    tiers: Object.keys(planNames),
    async register({ accountId, tier, usageKey }) {
      const usagePlanId = await planIdOf(tier);
      const keyId =
        (await existingKeyId(accountId, usageKey)) ??
        (await client.send(new CreateApiKeyCommand({ name: accountId, value: usageKey, enabled: true, description: `Usage key of account ${accountId}` }))).id!;
      try {
        await client.send(new CreateUsagePlanKeyCommand({ usagePlanId, keyId, keyType: 'API_KEY' }));
      } catch (error) {
        // Already in the plan: an earlier attempt got this far.
        if ((error as Error).name !== 'ConflictException') throw error;
      }
    },
  };
}

// The local gateway's limiter reads the registrations from this process's memory, as API
// Gateway keeps its own: the local runtime runs every function in one process.
const localRegistrations = new Map<string, string>();

/** The local runtime's registry, with the tiers the local gateway limits by. */
export const localUsageKeys = (tiers: readonly string[]): UsageKeys => ({
  tiers,
  async register({ tier, usageKey }) {
    localRegistrations.set(usageKey, tier);
  },
});

/** The tier a usage key was registered with in this process, if it was. */
export const localUsageTierOf = (usageKey: string): string | undefined => localRegistrations.get(usageKey);

const TierNamesSchema = z.array(z.string().min(1)).min(1);
const PlanNamesSchema = z.record(z.string(), z.string().min(1));

/**
 * The registry the environment names: API Gateway's usage plans when `USAGE_PLAN_NAMES` (tier →
 * plan name, JSON) is set (the deployed stack), the local one when `LOCAL_USAGE_TIERS` (tier
 * names, JSON) is (the local runtime).
 */
export function usageKeys(env: NodeJS.ProcessEnv = process.env): UsageKeys {
  if (env.USAGE_PLAN_NAMES) return apiGatewayUsageKeys(new APIGatewayClient({}), PlanNamesSchema.parse(JSON.parse(env.USAGE_PLAN_NAMES)));
  if (env.LOCAL_USAGE_TIERS) return localUsageKeys(TierNamesSchema.parse(JSON.parse(env.LOCAL_USAGE_TIERS)));
  throw new Error('No usage plans configured: set USAGE_PLAN_NAMES (deployed) or LOCAL_USAGE_TIERS (local runtime)');
}
