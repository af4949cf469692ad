import type { EntityManager } from 'typeorm';
import { writeLock } from '@kyso/database';
import { SigningSession } from './signing-session.entity';

/** The `signing_sessions` table: one row per two-step signing, from the prepared revision to the answer. */
export class SigningSessionRepository {
  async insert(em: EntityManager, session: SigningSession): Promise<void> {
    await em.insert(SigningSession, session);
  }

  /** The session, if it belongs to the user. */
  findForUser(em: EntityManager, id: string, userId: string): Promise<SigningSession | null> {
    return em.findOneBy(SigningSession, { id, userId });
  }

  /** The session, row-locked until the transaction ends: one completion at a time. */
  findForUpdate(em: EntityManager, id: string): Promise<SigningSession | null> {
    return em.findOne(SigningSession, { where: { id }, lock: writeLock(em) });
  }

  /** Keeps the answer, so that a repeated completion returns it instead of signing again. */
  async markCompleted(em: EntityManager, id: string, result: string, at: Date): Promise<void> {
    await em.update(SigningSession, { id }, { state: 'completed', result, completedAt: at });
  }
}
