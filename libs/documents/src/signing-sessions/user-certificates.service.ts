import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { readCertificate } from '@kyso/cms';
import { type Actor, type AuditRecorder, type Clock, requireRole, Role, User, auditEvent } from '@kyso/org';
import { unitOfWork } from '@kyso/database';
import { SigningSessionError, SigningSessionErrorCode as Code } from './signing-session.error';
import type { UserCertificate } from './user-certificate.entity';
import { UserCertificateRepository } from './user-certificate.repository';

export interface UserCertificateView {
  id: string;
  userId: string;
  sha256: string;
  subject: string;
  serialHex: string;
  notAfter: string;
}

/** Binds signing certificates to users (administrators of the user's own organisation only). */
export class UserCertificatesService {
  private readonly certificates = new UserCertificateRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  async register(actor: Actor, userId: string, certificateDer: Buffer): Promise<UserCertificateView> {
    requireRole(actor, Role.ADMIN);
    let cert;
    try {
      cert = readCertificate(certificateDer);
    } catch (err) {
      throw new SigningSessionError(Code.CERTIFICATE_INVALID, (err as Error).message);
    }
    const sha256 = createHash('sha256').update(certificateDer).digest('hex');
    const now = this.clock.now();
    return unitOfWork(this.ds, undefined, async (tx) => {
      const user = await tx.findOneBy(User, { id: userId });
      // Only members of an organisation sign documents; the system administrator has none.
      if (
        !user ||
        !user.organisationId ||
        (actor.organisationId !== null && user.organisationId !== actor.organisationId)
      ) {
        throw new SigningSessionError(Code.CERTIFICATE_NOT_THIS_USER, 'no such user in your organisation');
      }
      const organisationId = user.organisationId;
      const existing = await this.certificates.find(tx, userId, sha256);
      if (existing) return view(existing);
      const row: UserCertificate = {
        id: randomUUID(),
        userId,
        organisationId,
        sha256,
        subject: cert.subject.text.slice(0, 500),
        serialHex: cert.serialHex.slice(0, 80),
        notAfter: cert.notAfter,
        registeredBy: actor.userId,
        createdAt: now,
      };
      await this.certificates.insert(tx, row);
      await this.audit.record(
        tx,
        auditEvent('user.certificate-registered', {
          chain: organisationId,
          actor: actor.userId,
          entity: { type: 'user', id: userId },
          data: { sha256, subject: row.subject },
        }),
        now,
      );
      return view(row);
    });
  }

  async list(actor: Actor, userId: string): Promise<UserCertificateView[]> {
    if (actor.userId !== userId) requireRole(actor, Role.ADMIN);
    const rows = await this.certificates.listForUser(this.ds.manager, userId);
    return rows
      .filter((r) => actor.organisationId === null || r.organisationId === actor.organisationId)
      .map(view);
  }
}

function view(r: UserCertificate): UserCertificateView {
  return {
    id: r.id,
    userId: r.userId,
    sha256: r.sha256,
    subject: r.subject,
    serialHex: r.serialHex,
    notAfter: r.notAfter.toISOString(),
  };
}
