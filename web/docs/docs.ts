/** The global the Scalar standalone bundle (`/assets/scalar.js`, copied from npm) defines. */
declare const Scalar: { createApiReference(selector: string, options: Record<string, unknown>): unknown };

// The document the API serves, so the page shows exactly the deployed routes. No web fonts (the
// CSP allows none from elsewhere) and no hosted proxy: calls go to this origin only.
Scalar.createApiReference('#api-reference', {
  url: '/v1/openapi.json',
  withDefaultFonts: false,
  hideClientButton: true,
  telemetry: false,
});
