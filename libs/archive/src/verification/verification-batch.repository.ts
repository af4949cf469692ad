import { In, type EntityManager } from 'typeorm';
import { writeLock } from '@kyso/database';
import { emptyVerdictCounts } from '@kyso/validation';
import type { ProgressSnapshot } from './batch-progress';
import {
  UNFINISHED_STATES,
  VerificationBatch,
  type VerificationBatchState,
} from './verification-batch.entity';
import { VerificationBatchError, VerificationBatchErrorCode } from './verification-batch.exception';

const progressColumns = (p: ProgressSnapshot) => ({
  total: p.total,
  done: p.done,
  countTotalPassed: p.counts.TOTAL_PASSED,
  countTotalFailed: p.counts.TOTAL_FAILED,
  countIndeterminate: p.counts.INDETERMINATE,
  countNoSignature: p.counts.NO_SIGNATURE,
  countError: p.counts.ERROR,
  documentsPerSecond: p.documentsPerSecond,
});

const NOTHING_DONE: ProgressSnapshot = {
  total: 0,
  done: 0,
  counts: emptyVerdictCounts(),
  documentsPerSecond: null,
};

/**
 * State changes of a batch. Every write of a runner is conditional on the batch still being `running` under the
 * runner's attempt: a runner that was cancelled, or overtaken by a restart, changes nothing and learns so.
 */
export class VerificationBatchRepository {
  async insert(em: EntityManager, batch: VerificationBatch): Promise<void> {
    await em.insert(VerificationBatch, batch);
  }

  find(em: EntityManager, id: string): Promise<VerificationBatch | null> {
    return em.findOne(VerificationBatch, { where: { id } });
  }

  async require(em: EntityManager, id: string): Promise<VerificationBatch> {
    const batch = await this.find(em, id);
    if (!batch) throw new VerificationBatchError(VerificationBatchErrorCode.NOT_FOUND, { id });
    return batch;
  }

  /** An organisation's batches, newest first. */
  ofOrganisation(em: EntityManager, organisationId: string, limit: number): Promise<VerificationBatch[]> {
    return em.find(VerificationBatch, {
      where: { organisationId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  unfinished(em: EntityManager): Promise<VerificationBatch[]> {
    return em.find(VerificationBatch, {
      where: { state: In([...UNFINISHED_STATES]) },
      order: { createdAt: 'ASC' },
    });
  }

  /**
   * Takes a queued batch, or a running one whose runner died, for a new attempt from scratch: counts, results and
   * times are reset. Returns undefined (and changes nothing) when the batch has already ended.
   */
  async start(em: EntityManager, id: string, now: Date): Promise<VerificationBatch | undefined> {
    const batch = await em.findOne(VerificationBatch, { where: { id }, lock: writeLock(em) });
    if (!batch) throw new VerificationBatchError(VerificationBatchErrorCode.NOT_FOUND, { id });
    if (!UNFINISHED_STATES.includes(batch.state)) return undefined;
    const started: Partial<VerificationBatch> = {
      state: 'running',
      attempt: batch.attempt + 1,
      ...progressColumns(NOTHING_DONE),
      errorMessage: null,
      resultsBlobKey: null,
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
    };
    const changed = await em.update(VerificationBatch, { id, attempt: batch.attempt }, started);
    // SQLite serialises transactions and PostgreSQL holds the row lock: nobody can have moved the attempt meanwhile.
    if (changed.affected !== 1) throw new Error(`verification batch ${id}: attempt changed under a row lock`);
    return Object.assign(batch, started);
  }

  /** Records progress; false when the batch is no longer this runner's (cancelled, or restarted elsewhere). */
  progress(em: EntityManager, id: string, attempt: number, p: ProgressSnapshot, now: Date): Promise<boolean> {
    return this.changeOwn(em, id, attempt, { ...progressColumns(p), updatedAt: now });
  }

  complete(
    em: EntityManager,
    id: string,
    attempt: number,
    p: ProgressSnapshot,
    resultsBlobKey: string,
    now: Date,
  ): Promise<boolean> {
    return this.changeOwn(em, id, attempt, {
      ...progressColumns(p),
      state: 'completed',
      resultsBlobKey,
      finishedAt: now,
      updatedAt: now,
    });
  }

  fail(em: EntityManager, id: string, attempt: number, message: string, now: Date): Promise<boolean> {
    return this.changeOwn(em, id, attempt, {
      state: 'failed',
      errorMessage: message.slice(0, 2000),
      finishedAt: now,
      updatedAt: now,
    });
  }

  /** Cancels a batch that has not ended; false when it already had. Its runner stops at its next progress write. */
  async cancel(em: EntityManager, id: string, now: Date): Promise<boolean> {
    const changed = await em.update(
      VerificationBatch,
      { id, state: In([...UNFINISHED_STATES]) },
      { state: 'cancelled', finishedAt: now, updatedAt: now },
    );
    return changed.affected === 1;
  }

  private async changeOwn(
    em: EntityManager,
    id: string,
    attempt: number,
    values: Partial<VerificationBatch>,
  ): Promise<boolean> {
    const running: VerificationBatchState = 'running';
    const changed = await em.update(VerificationBatch, { id, attempt, state: running }, values);
    return changed.affected === 1;
  }
}
