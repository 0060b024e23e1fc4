/**
 * Import boundaries (design.md, "Architecture"): a service imports its own folder, `shared/`
 * and `events/`; never another service, the list of services, or `infra/`. Only the platform
 * functions (the authorizer and the outbox relay) read the merged topology and the ports.
 * `tests/unit/boundaries.test.ts` runs these rules in `npm test`.
 */
const PLATFORM = '^functions/(auth|outbox)/';
module.exports = {
  forbidden: [
    {
      name: 'service-imports-another-service',
      comment: 'Services talk through events on queues; what they share goes to shared/ or events/.',
      severity: 'error',
      from: { path: '^functions/([^/]+)/' },
      to: { path: '^functions/[^/]+/', pathNot: ['^functions/$1/'] },
    },
    {
      name: 'service-imports-the-topology',
      comment: 'A service knows its own manifest; only the platform and infra/ read the merge of all of them.',
      severity: 'error',
      from: { path: '^functions/[^/]+/', pathNot: PLATFORM },
      to: { path: '^functions/(services|platform-ports)\\.ts$' },
    },
    {
      name: 'function-imports-infra-or-local',
      comment: 'Lambda code never depends on the CDK app or the local runtime.',
      severity: 'error',
      from: { path: '^(functions|shared|events)/' },
      to: { path: '^(infra|local|cli|tests|bench)/' },
    },
    {
      name: 'shared-imports-a-service',
      comment: 'shared/ and events/ serve every service and know none of them.',
      severity: 'error',
      from: { path: '^(shared|events)/' },
      to: { path: '^functions/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
