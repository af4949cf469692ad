import type { EntityManager } from 'typeorm';
import { UserCertificate } from './user-certificate.entity';

/** The `user_certificates` table: which signing certificates belong to which user. */
export class UserCertificateRepository {
  async insert(em: EntityManager, row: UserCertificate): Promise<void> {
    await em.insert(UserCertificate, row);
  }

  find(em: EntityManager, userId: string, sha256: string): Promise<UserCertificate | null> {
    return em.findOneBy(UserCertificate, { userId, sha256 });
  }

  /** The user's certificates, oldest first. */
  listForUser(em: EntityManager, userId: string): Promise<UserCertificate[]> {
    return em.find(UserCertificate, { where: { userId }, order: { createdAt: 'ASC' } });
  }
}
