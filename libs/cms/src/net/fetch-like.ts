/**
 * The slice of WHATWG fetch the clients use, so tests inject a fake and production passes nothing
 * (global fetch). Only what is listed here is relied upon.
 */
export interface FetchRequestInit {
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array;
  readonly signal: AbortSignal;
}

export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type FetchLike = (url: string, init: FetchRequestInit) => Promise<FetchResponseLike>;

/** Network behaviour shared by the TSA, OCSP, CRL and CA-issuers clients. */
export interface NetworkOptions {
  /** Injected fetch (tests); defaults to the global fetch. */
  readonly fetch?: FetchLike;
  /** Whole-exchange timeout (connect + response body), default 10 s. */
  readonly timeoutMs?: number;
  /** Refuse bodies larger than this. */
  readonly maxResponseBytes?: number;
  /** No network at all: every request fails with OFFLINE (cached answers are still served). */
  readonly offline?: boolean;
  /** Extra request headers (e.g. Authorization for a commercial TSA). */
  readonly headers?: Readonly<Record<string, string>>;
}
