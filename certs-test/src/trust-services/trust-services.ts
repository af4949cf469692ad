import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { issueCertificate, type IssueCertificateOptions, type IssuedCertificate } from '../issue-certificate';
import type { CrlReason } from '../pki-builders';
import { testPki, type TestCaName } from '../test-pki';
import { CrlPublisher } from './crl-publisher';
import { OcspResponder } from './ocsp-responder';
import { RevocationRegistry } from './revocation-registry';
import { normalizeSerialHex, SigningIdentity } from './signing-identity';
import { TimeStampAuthority } from './timestamp-authority';

/** The port baked into the committed certificates' AIA and CRL distribution point URLs. */
export const DEFAULT_TRUST_PORT = 39080;
const MAX_BODY_BYTES = 1024 * 1024;
const CRL_REASONS: ReadonlySet<string> = new Set<CrlReason>([
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
]);

export interface TrustServicesOptions {
  /** Default 39080 (the URL in the committed certificates); 0 picks a free port. */
  port?: number;
  host?: string;
  /** JSON file that keeps run-time revocations across restarts (none by default). */
  stateFile?: string;
  /** Source of "now" for genTime, producedAt/thisUpdate and CRLs; default the wall clock. */
  clock?: () => Date;
}

export interface TrustServices {
  port: number;
  baseUrl: string;
  tsaUrl: string;
  ocspUrl: string;
  crlUrl(ca: TestCaName): string;
  caIssuersUrl(ca: TestCaName): string;
  /**
   * Revokes a certificate from `revokedAt` (default now) on; OCSP and CRLs report it from then.
   * The issuer is found from the serial (test PKI or `issue()`), else the intermediate.
   */
  revoke(serialHex: string, revokedAt?: Date, reason?: CrlReason): void;
  /**
   * Process ids that hold a lease (POST /admin/lease) and are still alive. A server shared by
   * several test runs stays up while this is non-empty.
   */
  liveLeases(): number[];
  /** issueCertificate() with AIA/CRL URLs pointing at this server and notBefore from its clock. */
  issue(options: IssueCertificateOptions): IssuedCertificate;
  close(): Promise<void>;
}

/**
 * Starts the test TSA (POST /tsa), OCSP responder (POST /ocsp, GET /ocsp/<base64>), CRLs
 * (GET /crl/<ca>.crl), CA certificates (GET /ca/<ca>.cer) and the admin endpoints
 * (GET /admin/health, POST /admin/revoke, POST /admin/lease, DELETE /admin/lease/<pid>) on one
 * node:http server, answering from the test PKI.
 */
export async function startTrustServices(options: TrustServicesOptions = {}): Promise<TrustServices> {
  const pki = testPki();
  const clock = options.clock ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const identity = (name: 'root' | 'intermediate' | 'tsa' | 'ocsp'): SigningIdentity =>
    new SigningIdentity(pki[name].certDer, pki[name].privateKey());
  const root = identity('root');
  const intermediate = identity('intermediate');
  const cas = new Map<TestCaName, SigningIdentity>([
    ['root', root],
    ['intermediate', intermediate],
  ]);

  const revocations = new RevocationRegistry(
    pki.manifest.revocations.map((r) => ({ ...r, revokedAt: new Date(r.revokedAt) })),
    options.stateFile,
  );
  const issuerBySerial = new Map<string, TestCaName>();
  for (const e of pki.entities) if (e.issuer) issuerBySerial.set(normalizeSerialHex(e.serialHex), e.issuer);

  const tsa = new TimeStampAuthority({
    signer: identity('tsa'),
    chainDer: pki.chainOf('tsa'),
    policyOid: pki.manifest.policies.timestamping,
    clock,
  });
  const ocsp = new OcspResponder({
    issuers: [
      { name: 'intermediate', ca: intermediate, responder: identity('ocsp') },
      { name: 'root', ca: root, responder: root },
    ],
    revocations,
    clock,
  });
  const crls = new CrlPublisher({ cas, revocations, clock });

  const revoke = (
    serialHex: string,
    revokedAt: Date = clock(),
    reason: CrlReason = 'keyCompromise',
  ): void => {
    const serial = normalizeSerialHex(serialHex);
    revocations.revoke({
      issuer: issuerBySerial.get(serial) ?? 'intermediate',
      serialHex: serial,
      revokedAt,
      reason,
    });
  };

  const leases = new Set<number>();
  const liveLeases = (): number[] => {
    for (const pid of leases) if (!processAlive(pid)) leases.delete(pid);
    return [...leases];
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        send(res, 500, 'text/plain', Buffer.from(err instanceof Error ? err.message : String(err)));
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/tsa') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      return send(res, 200, 'application/timestamp-reply', tsa.respond(await readBody(req)));
    }
    if (path === '/ocsp') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      return send(res, 200, 'application/ocsp-response', ocsp.respond(await readBody(req)));
    }
    if (path.startsWith('/ocsp/') && req.method === 'GET') {
      // RFC 6960 A.1: GET {url}/{url-encoding of base-64 encoding of the DER OCSPRequest}
      const encoded = decodeURIComponent((req.url ?? '').slice((req.url ?? '').indexOf('/ocsp/') + 6));
      return send(res, 200, 'application/ocsp-response', ocsp.respond(Buffer.from(encoded, 'base64')));
    }
    const crlMatch = /^\/crl\/([a-z0-9-]+)\.crl$/.exec(path);
    if (crlMatch && req.method === 'GET' && crls.has(crlMatch[1])) {
      return send(res, 200, 'application/pkix-crl', crls.crlFor(crlMatch[1]));
    }
    const caMatch = /^\/ca\/([a-z0-9-]+)\.cer$/.exec(path);
    if (caMatch && req.method === 'GET' && cas.has(caMatch[1] as TestCaName)) {
      return send(res, 200, 'application/pkix-cert', cas.get(caMatch[1] as TestCaName)!.certDer);
    }
    if (path === '/admin/health' && req.method === 'GET') {
      return sendJson(res, 200, { status: 'ok', service: 'kyso-test-trust-services' });
    }
    if (path === '/admin/revoke') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      return adminRevoke(req, res);
    }
    if (path === '/admin/lease' && req.method === 'POST') {
      let pid = NaN;
      try {
        pid = Number((JSON.parse((await readBody(req)).toString('utf8')) as { pid?: unknown }).pid);
      } catch {
        // answered below
      }
      if (!Number.isInteger(pid) || pid <= 0) return sendJson(res, 400, { error: 'body must be JSON {pid}' });
      leases.add(pid);
      return sendJson(res, 200, { pid, leases: liveLeases() });
    }
    const leaseMatch = /^\/admin\/lease\/(\d+)$/.exec(path);
    if (leaseMatch && req.method === 'DELETE') {
      leases.delete(Number(leaseMatch[1]));
      return sendJson(res, 200, { leases: liveLeases() });
    }
    sendJson(res, 404, { error: `no route for ${req.method} ${path}` });
  }

  async function adminRevoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: { serialHex?: unknown; revokedAt?: unknown; reason?: unknown };
    try {
      body = JSON.parse((await readBody(req)).toString('utf8')) as typeof body;
    } catch {
      return sendJson(res, 400, { error: 'body must be JSON {serialHex, revokedAt?, reason?}' });
    }
    const revokedAt = body.revokedAt === undefined ? clock() : new Date(String(body.revokedAt));
    if (typeof body.serialHex !== 'string' || !/^[0-9a-fA-F:\s]+$/.test(body.serialHex)) {
      return sendJson(res, 400, { error: 'serialHex must be a hexadecimal string' });
    }
    if (Number.isNaN(revokedAt.getTime()))
      return sendJson(res, 400, { error: 'revokedAt must be an ISO 8601 date' });
    if (body.reason !== undefined && !CRL_REASONS.has(String(body.reason))) {
      return sendJson(res, 400, { error: `reason must be one of ${[...CRL_REASONS].join(', ')}` });
    }
    revoke(body.serialHex, revokedAt, (body.reason as CrlReason | undefined) ?? 'keyCompromise');
    sendJson(res, 200, { serialHex: normalizeSerialHex(body.serialHex), revokedAt: revokedAt.toISOString() });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_TRUST_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    port,
    baseUrl,
    tsaUrl: `${baseUrl}/tsa`,
    ocspUrl: `${baseUrl}/ocsp`,
    crlUrl: (ca) => `${baseUrl}/crl/${pki[ca].file}.crl`,
    caIssuersUrl: (ca) => `${baseUrl}/ca/${pki[ca].file}.cer`,
    revoke,
    liveLeases,
    issue: (issueOptions) => {
      // Valid from an hour before this server's "now", so an injected clock gets usable certificates.
      const notBefore = new Date(Math.floor(clock().getTime() / 1000) * 1000 - 3600_000);
      const issued = issueCertificate({ trustBaseUrl: baseUrl, notBefore, ...issueOptions });
      issuerBySerial.set(normalizeSerialHex(issued.serialHex), issued.issuer);
      return issued;
    },
    close: () => closeServer(server),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: Buffer): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', Buffer.from(JSON.stringify(body)));
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, { error: `use ${allow}` });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive sockets would hold close() open until they time out.
    server.closeAllConnections();
  });
}
