/**
 * The canonical spelling of a web origin (`https://kyso.example`, `http://127.0.0.1:3000`), as browsers
 * send it in the Origin header: lower-case scheme and host, default port omitted, no path or slash.
 * Returns undefined for anything that is not an http(s) origin, including `null` (sandboxed frames, files).
 */
export function canonicalOrigin(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  return url.origin;
}

/** True when `value` is already an origin in canonical form, which is what exact matching needs. */
export function isCanonicalOrigin(value: unknown): value is string {
  return typeof value === 'string' && canonicalOrigin(value) === value;
}
