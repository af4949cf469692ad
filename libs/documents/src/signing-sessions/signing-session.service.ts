import { createHash, type KeyObject, randomUUID, X509Certificate } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  checkAgentSignature,
  createRequestToken,
  certSha256Of,
  tbsHashOf,
  type SignatureAlgorithm,
} from '@kyso/agent-protocol';
import { readCertificate } from '@kyso/cms';
import { BufferByteSource } from '@kyso/pdf';
import {
  type Actor,
  type AuditRecorder,
  type Clock,
  requireRole,
  Role,
  auditEvent,
  documentEvent,
} from '@kyso/org';
import { readOnly, unitOfWork } from '@kyso/database';
import {
  type AppearanceRequest,
  chainFromAia,
  checkSignerCertificate,
  completeSigning,
  extendPdf,
  fromPending,
  type PendingSignature,
  placeAppearance,
  type PreparedSigning,
  prepareSigning,
  SigningError,
  type SignatureScheme,
  toPending,
  type TrustServices,
} from '@kyso/signing';
import type { BlobStore } from '@kyso/storage';
import { PdfReader } from '@kyso/pdf';
import { requireVisibleDocument } from '../documents/document-access';
import type { DocumentFile } from '../documents/document-file.entity';
import { DocumentFileRepository } from '../documents/document-file.repository';
import { OutgoingStatus } from '../documents/document-status';
import type { DocumentRecord } from '../documents/document.entity';
import type { DocumentVersionsService } from '../files/document-versions.service';
import type { OutgoingDraftingService } from '../outgoing/outgoing-drafting.service';
import { SigningSessionError, SigningSessionErrorCode as Code } from './signing-session.error';
import type { SigningSession } from './signing-session.entity';
import { SigningSessionRepository } from './signing-session.repository';
import { UserCertificateRepository } from './user-certificate.repository';

const SESSION_SECONDS = 300;

export interface StartSigningInput {
  /** DER certificates, the signer's first (from the token agent). */
  certificateChain: Buffer[];
  appearance?: {
    kind: 'leader' | 'none';
    pageIndex?: number;
    rect?: [number, number, number, number];
    title?: string;
  };
}

export interface StartedSigning {
  sessionId: string;
  digestAlgorithm: 'sha256';
  /** DER of the signed attributes, base64: what the token signs. */
  toBeSigned: string;
  requestToken: string;
  expiresAt: string;
}

export interface CompletedSigning {
  status: 'signed';
  messageVi: string;
  documentId: string;
  documentVersion: number;
  sha256: string;
  signer: string;
  signedAt: string;
  level: string;
}

/**
 * Two-step signing with the leader's own USB token: the server prepares the PDF revision and the signed attributes
 * (stage 1–3 of the pipeline), the token agent signs only their hash, the server checks and embeds the signature
 * (stage 5–6) and stores the result as a new document version. The PIN and the key never reach the server.
 */
export class SigningSessionService {
  private readonly sessions = new SigningSessionRepository();
  private readonly certificates = new UserCertificateRepository();
  private readonly documentFiles = new DocumentFileRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly versions: DocumentVersionsService,
    private readonly drafting: OutgoingDraftingService,
    private readonly trust: TrustServices,
    private readonly requestKey: KeyObject,
    private readonly publicOrigin: string,
  ) {}

  /**
   * Prepares a signature with the leader's certificate, in this order: the certificate can be read; the leader sees
   * the document and the certificate is registered to them; it is valid, fit for signing and not revoked (Circular
   * 15/2025); the PDF revision with its appearance and the signed attributes are prepared; the session is stored with
   * its audit entry; the token agent's request token is minted last, for what was stored.
   */
  async start(actor: Actor, documentId: string, input: StartSigningInput): Promise<StartedSigning> {
    requireRole(actor, Role.LEADER);
    const signer = readSignerCertificate(input.certificateChain);
    const { doc, file } = await this.documentToSign(actor, documentId, signer);
    const chain = await this.checkedChain(signer);
    const now = this.clock.now();
    const prep = await this.prepareRevision(file, doc, signer, chain, input.appearance, now);
    const session = await this.openSession(actor, doc, file, signer, prep, now);
    return {
      sessionId: session.id,
      digestAlgorithm: 'sha256',
      toBeSigned: prep.toBeSigned.toString('base64'),
      requestToken: this.requestToken(actor, doc, file, signer, prep, session.id, now),
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  /** The document as the leader sees it and its current file, if the certificate is registered to the leader. */
  private documentToSign(
    actor: Actor,
    documentId: string,
    signer: SignerCertificate,
  ): Promise<{ doc: DocumentRecord; file: DocumentFile }> {
    return readOnly(this.ds, async (tx) => {
      const doc = await requireVisibleDocument(tx, actor, documentId);
      const registered = await this.certificates.listForUser(tx, actor.userId);
      if (registered.length === 0) throw new SigningSessionError(Code.CERTIFICATE_NOT_REGISTERED);
      if (!registered.some((r) => r.sha256 === signer.sha256))
        throw new SigningSessionError(Code.CERTIFICATE_NOT_THIS_USER);
      return { doc, file: await this.latestFile(tx, documentId) };
    });
  }

  /** The signer's chain, checked for validity, key usage and revocation before anything is prepared to sign. */
  private async checkedChain(signer: SignerCertificate): Promise<Buffer[]> {
    // Agents usually send only the leaf: complete the path through AIA, as verifiers will.
    const chain = signer.given.length > 0 ? signer.given : await chainFromAia(signer.der);
    await checkSignerCertificate(signer.der, chain[0], this.trust);
    return chain;
  }

  /** Stages 1–3 of the pipeline on the current file: the revision with its appearance, then the signed attributes. */
  private async prepareRevision(
    file: DocumentFile,
    doc: DocumentRecord,
    signer: SignerCertificate,
    chain: Buffer[],
    requested: StartSigningInput['appearance'],
    now: Date,
  ): Promise<PreparedSigning> {
    const original = await this.blobs.get(file.blobKey);
    const reader = await PdfReader.open(new BufferByteSource(original));
    const placed = await placeAppearance(reader, appearanceFor(requested, signer, doc), now);
    return prepareSigning(
      reader,
      { certificate: signer.der, chain, scheme: signer.scheme },
      {
        level: 'B-T',
        signingTime: now,
        pageIndex: placed.pageIndex,
        rect: placed.rect,
        appearance: placed.appearance,
      },
    );
  }

  /** Stores the pending signature and its audit entry in one transaction. */
  private async openSession(
    actor: Actor,
    doc: DocumentRecord,
    file: DocumentFile,
    signer: SignerCertificate,
    prep: PreparedSigning,
    now: Date,
  ): Promise<SigningSession> {
    const session: SigningSession = {
      id: randomUUID(),
      documentId: doc.id,
      organisationId: doc.organisationId,
      userId: actor.userId,
      baseVersion: file.version,
      baseSha256: file.sha256,
      state: 'pending',
      pending: serialise(toPending(prep)),
      certificateSha256: signer.sha256,
      expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000),
      result: null,
      createdAt: now,
      completedAt: null,
    };
    await unitOfWork(this.ds, undefined, async (tx) => {
      await this.sessions.insert(tx, session);
      await this.audit.record(
        tx,
        documentEvent(doc, actor.userId, 'signing.session-started', {
          sessionId: session.id,
          version: file.version,
          certificateSha256: signer.sha256,
        }),
        now,
      );
    });
    return session;
  }

  /** The token the agent checks before it signs: who, which session and document, what exactly, with which key. */
  private requestToken(
    actor: Actor,
    doc: DocumentRecord,
    file: DocumentFile,
    signer: SignerCertificate,
    prep: PreparedSigning,
    sessionId: string,
    now: Date,
  ): string {
    return createRequestToken(
      this.requestKey,
      {
        iss: this.publicOrigin,
        sub: actor.userId,
        sid: sessionId,
        doc: {
          id: doc.id,
          title: doc.subject.slice(0, 900),
          numberSymbol: doc.numberSymbol ?? undefined,
          version: file.version,
        },
        tbsHash: tbsHashOf(prep.toBeSigned),
        alg: 'sha256',
        certSha256: certSha256Of(signer.der),
      },
      { now, lifetimeSeconds: SESSION_SECONDS },
    );
  }

  /** Completes once; a repeated call returns the first answer, so a retried request never signs twice. */
  async complete(
    actor: Actor,
    sessionId: string,
    input: { signature: Buffer; signatureAlgorithm: SignatureAlgorithm },
  ): Promise<CompletedSigning> {
    const session = await this.sessions.findForUser(this.ds.manager, sessionId, actor.userId);
    if (!session) throw new SigningSessionError(Code.SESSION_NOT_FOUND);
    if (session.state === 'completed' && session.result)
      return JSON.parse(session.result) as CompletedSigning;
    const now = this.clock.now();
    if (now > session.expiresAt) throw new SigningSessionError(Code.SESSION_EXPIRED);
    const pending = deserialise(session.pending);

    const check = checkAgentSignature({
      toBeSigned: pending.toBeSigned,
      signature: input.signature,
      signatureAlgorithm: input.signatureAlgorithm,
      digestAlgorithm: pending.digest,
      certificateDer: pending.identity.certificate,
    });
    if (!check.valid) throw new SigningSessionError(Code.SIGNATURE_INVALID, check.detail);

    const file = await readOnly(this.ds, (tx) => this.latestFile(tx, session.documentId));
    if (file.version !== session.baseVersion || file.sha256 !== session.baseSha256)
      throw new SigningSessionError(Code.DOCUMENT_CHANGED);
    const original = await this.blobs.get(file.blobKey);
    const prep = fromPending(
      { ...pending, identity: { ...pending.identity, scheme: input.signatureAlgorithm } },
      new BufferByteSource(original),
    );
    let signed = await completeSigning(prep, input.signature, this.trust.tsa);
    let level = 'PAdES B-T';
    // LTV: the DSS is added now, while the certificate is certainly valid and its OCSP answer is fresh. If the
    // validation data cannot be had right now the signature stays B-T and the archive job extends it later.
    try {
      signed =
        (await extendPdf(
          await PdfReader.open(signed.toByteSource()),
          'B-LT',
          this.trust,
          pending.identity.chain as Buffer[],
        )) ?? signed;
      level = 'PAdES B-LT';
    } catch (err) {
      if (!(err instanceof SigningError)) throw err;
    }
    const bytes = await signed.toBuffer();
    const signer = readCertificate(pending.identity.certificate).subject.commonName ?? '';

    const result = await unitOfWork(this.ds, undefined, async (tx) => {
      const locked = await this.sessions.findForUpdate(tx, sessionId);
      if (locked?.state === 'completed' && locked.result)
        return JSON.parse(locked.result) as CompletedSigning;
      const version = await this.versions.addVersion(
        actor,
        session.documentId,
        { bytes, fileName: 'signed.pdf', contentType: 'application/pdf' },
        'signed',
        (work) => work(tx),
      );
      const answer: CompletedSigning = {
        status: 'signed',
        messageVi: `Đã ký số văn bản (phiên bản ${version.version}).`,
        documentId: session.documentId,
        documentVersion: version.version,
        sha256: version.sha256,
        signer,
        signedAt: now.toISOString(),
        level,
      };
      await this.sessions.markCompleted(tx, sessionId, JSON.stringify(answer), now);
      await this.audit.record(
        tx,
        auditEvent('signing.session-completed', {
          chain: session.organisationId,
          actor: actor.userId,
          entity: { type: 'document', id: session.documentId },
          data: { sessionId, version: version.version, sha256: version.sha256 },
        }),
        now,
      );
      return answer;
    });
    const doc = await readOnly(this.ds, (tx) => requireVisibleDocument(tx, actor, session.documentId));
    if (doc.status === OutgoingStatus.IN_REVIEW) await this.drafting.sign(actor, session.documentId);
    return result;
  }

  private async latestFile(tx: EntityManager, documentId: string): Promise<DocumentFile> {
    const file = await this.documentFiles.findVersion(tx, documentId);
    if (!file || file.contentType !== 'application/pdf') throw new SigningSessionError(Code.NOTHING_TO_SIGN);
    return file;
  }
}

/** The leader's certificate as the token agent sent it, read once. */
interface SignerCertificate {
  der: Buffer;
  /** The rest of the chain the agent sent, if any. */
  given: Buffer[];
  sha256: string;
  commonName: string;
  scheme: SignatureScheme;
}

function readSignerCertificate(certificateChain: Buffer[]): SignerCertificate {
  const [der, ...given] = certificateChain;
  try {
    const cert = readCertificate(der);
    const keyType = new X509Certificate(der).publicKey.asymmetricKeyType;
    return {
      der,
      given,
      sha256: createHash('sha256').update(der).digest('hex'),
      commonName: cert.subject.commonName ?? '',
      scheme: keyType === 'ec' ? 'ecdsa' : 'rsa-pkcs1',
    };
  } catch (err) {
    throw new SigningSessionError(Code.CERTIFICATE_INVALID, (err as Error).message);
  }
}

/** The leader's visible signature (name from the certificate, title as asked or as recorded), or none. */
function appearanceFor(
  requested: StartSigningInput['appearance'],
  signer: SignerCertificate,
  doc: DocumentRecord,
): AppearanceRequest {
  if (requested?.kind !== 'leader') return { kind: 'none' };
  return {
    kind: 'leader',
    signerName: signer.commonName,
    title: requested.title ?? doc.signerTitle ?? 'LÃNH ĐẠO',
    pageIndex: requested.pageIndex,
    rect: requested.rect,
  };
}

function serialise(p: PendingSignature): string {
  return JSON.stringify({
    ...p,
    update: p.update.toString('base64'),
    toBeSigned: p.toBeSigned.toString('base64'),
    messageDigest: p.messageDigest.toString('base64'),
    identity: {
      scheme: p.identity.scheme,
      certificate: p.identity.certificate.toString('base64'),
      chain: p.identity.chain.map((c) => c.toString('base64')),
    },
  });
}

function deserialise(text: string): PendingSignature {
  const o = JSON.parse(text);
  const b = (s: string) => Buffer.from(s, 'base64');
  return {
    ...o,
    update: b(o.update),
    toBeSigned: b(o.toBeSigned),
    messageDigest: b(o.messageDigest),
    identity: {
      scheme: o.identity.scheme,
      certificate: b(o.identity.certificate),
      chain: o.identity.chain.map(b),
    },
  };
}
