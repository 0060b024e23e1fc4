import { ACCOUNTS, defineService } from '../../shared/topology.js';

/** Partner, donor and employer accounts and their API keys (the authorizer reads keys through a port). */
export const accountsService = defineService({
  name: 'accounts',
  tables: {
    accounts: {
      partitionKey: 'pk',
      sortKey: 'sk',
      // Sparse: only account items carry the sort key (key and credit-code items do not).
      indexes: { accountsByKind: { partitionKey: 'kind', sortKey: 'accountListKey' } },
      outbox: true,
      ttl: 'expiresAt',
    },
  },
  routes: [
    { method: 'POST', path: '/v1/accounts', handler: 'accounts/create-account', allow: ['province_admin'], tables: ['accounts'], usageKeys: true },
    { method: 'POST', path: '/v1/accounts/{accountId}/keys', handler: 'accounts/rotate-key', allow: ['province_admin'], tables: ['accounts'], usageKeys: true },
    { method: 'GET', path: '/v1/accounts', handler: 'accounts/list-accounts', allow: ['province_admin'], tables: ['accounts'], pages: true },
    { method: 'GET', path: '/v1/accounts/me', handler: 'accounts/get-me', allow: ACCOUNTS, tables: ['accounts'] },
  ],
  consumers: {},
  schedules: {},
});
