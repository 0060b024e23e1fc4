/**
 * Whether an `Accept` header asks for `wanted` before `usual`, the route's default: `wanted`
 * named with a quality above zero and at least that of `usual`. Wildcards count for neither, so
 * `*\/*` (a browser, curl) gets the default.
 */
export function prefers(accept: string | undefined, wanted: string, usual: string): boolean {
  if (!accept) return false;
  const ranked = accept.split(',').map((part) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    return { type: type.trim(), q: q ? Number(q.slice(2)) : 1 };
  });
  const quality = (type: string) => Math.max(0, ...ranked.filter((r) => r.type === type && Number.isFinite(r.q)).map((r) => r.q));
  return quality(wanted) > 0 && quality(wanted) >= quality(usual);
}
