/** The global the Scalar standalone bundle (`/assets/scalar.js`, copied from npm) defines. */
declare const Scalar: { createApiReference(selector: string, options: Record<string, unknown>): unknown };

// The document the API serves, so the page shows exactly the deployed routes. No web fonts (the
// CSP allows none from elsewhere), no hosted proxy or telemetry: calls go to this origin only.
// Every tag open and operations named by path, so the sidebar is the whole route list at a glance.
Scalar.createApiReference('#api-reference', {
  url: '/v1/openapi.json',
  withDefaultFonts: false,
  hideClientButton: true,
  telemetry: false,
  defaultOpenAllTags: true,
  operationTitleSource: 'path',
  showDeveloperTools: 'never',
});
