import { CmsError, CmsErrorCode } from '../cms-error';
import { FetchLike, FetchResponseLike } from './fetch-like';

/** Which service is being called decides the error codes callers see. */
export type RemoteService = 'tsa' | 'ocsp' | 'crl' | 'ca-issuers';

const CODES: Record<RemoteService, { unavailable: CmsErrorCode; bad: CmsErrorCode }> = {
  tsa: { unavailable: CmsErrorCode.TsaUnavailable, bad: CmsErrorCode.TsaBadResponse },
  ocsp: { unavailable: CmsErrorCode.OcspUnavailable, bad: CmsErrorCode.OcspBadResponse },
  crl: { unavailable: CmsErrorCode.CrlUnavailable, bad: CmsErrorCode.CrlBadResponse },
  'ca-issuers': { unavailable: CmsErrorCode.CaIssuersUnavailable, bad: CmsErrorCode.CaIssuersBadResponse },
};

export interface HttpExchange {
  readonly service: RemoteService;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly body?: Uint8Array;
  readonly contentType?: string;
  readonly accept?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly offline?: boolean;
  readonly fetch?: FetchLike;
  /** Caller's cancellation, combined with the timeout. */
  readonly signal?: AbortSignal;
}

export interface HttpReply {
  readonly status: number;
  readonly contentType?: string;
  readonly body: Buffer;
}

/**
 * One HTTP exchange with a hard deadline covering connection and body, and a size cap enforced while
 * streaming. Failures become the service's UNAVAILABLE / BAD_RESPONSE codes with the URL attached.
 */
export async function httpExchange(req: HttpExchange): Promise<HttpReply> {
  const codes = CODES[req.service];
  if (req.offline) throw new CmsError(CmsErrorCode.Offline, { url: req.url });
  assertHttpUrl(req.url, codes.unavailable);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onCallerAbort = (): void => controller.abort(req.signal?.reason);
  if (req.signal?.aborted) throw new CmsError(codes.unavailable, { url: req.url, detail: 'cancelled' });
  req.signal?.addEventListener('abort', onCallerAbort, { once: true });
  // The race guarantees the deadline even with an injected fetch that ignores the signal.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error('timeout'));
      reject(
        new CmsError(codes.unavailable, { url: req.url, detail: `no answer within ${req.timeoutMs} ms` }),
      );
    }, req.timeoutMs);
  });
  try {
    return await Promise.race([exchange(req, controller.signal, codes), deadline]);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onCallerAbort);
  }
}

async function exchange(
  req: HttpExchange,
  signal: AbortSignal,
  codes: { unavailable: CmsErrorCode; bad: CmsErrorCode },
): Promise<HttpReply> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.contentType) headers['content-type'] = req.contentType;
  if (req.accept) headers.accept = req.accept;
  const fetchFn: FetchLike = req.fetch ?? (globalThis.fetch as unknown as FetchLike);
  let response: FetchResponseLike;
  try {
    response = await fetchFn(req.url, { method: req.method, headers, body: req.body, signal });
  } catch (err) {
    if (err instanceof CmsError) throw err;
    throw new CmsError(
      codes.unavailable,
      { url: req.url, detail: describeNetworkError(err, signal) },
      { cause: err },
    );
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new CmsError(codes.unavailable, {
      url: req.url,
      detail: `HTTP ${response.status}`,
      status: response.status,
    });
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > req.maxResponseBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(codes.bad, req);
  }
  const body = await readLimited(response, req, codes, signal);
  return { status: response.status, contentType: response.headers.get('content-type') ?? undefined, body };
}

async function readLimited(
  response: FetchResponseLike,
  req: HttpExchange,
  codes: { unavailable: CmsErrorCode; bad: CmsErrorCode },
  signal: AbortSignal,
): Promise<Buffer> {
  try {
    if (!response.body) {
      const all = Buffer.from(await response.arrayBuffer());
      if (all.length > req.maxResponseBytes) throw tooLarge(codes.bad, req);
      return all;
    }
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > req.maxResponseBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(codes.bad, req);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof CmsError) throw err;
    throw new CmsError(
      codes.unavailable,
      { url: req.url, detail: describeNetworkError(err, signal) },
      { cause: err },
    );
  }
}

function tooLarge(code: CmsErrorCode, req: HttpExchange): CmsError {
  return new CmsError(code, { url: req.url, detail: `response larger than ${req.maxResponseBytes} bytes` });
}

function assertHttpUrl(url: string, code: CmsErrorCode): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CmsError(code, { url, detail: 'not a valid URL' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CmsError(code, { url, detail: `unsupported scheme ${parsed.protocol}` });
  }
}

function describeNetworkError(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason.message : 'aborted';
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  return (err as Error)?.message ?? String(err);
}

/** True for http(s) URLs; certificates also carry ldap:// and the like, which kyso does not fetch. */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
