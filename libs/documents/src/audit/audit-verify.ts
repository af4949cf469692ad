import type { DataSource } from 'typeorm';
import { auditEntryHash, GENESIS_HASH } from './audit-hash';
import type { AuditChainHead } from './audit-chain-head.entity';
import { AuditEntryRepository } from './audit-entry.repository';

export type AuditProblemKind = 'missing' | 'altered' | 'broken-link' | 'head-mismatch' | 'orphan-chain';

export interface AuditProblem {
  chainId: string;
  seq: number;
  kind: AuditProblemKind;
  message: string;
  messageVi: string;
}

export interface AuditChainReport {
  chainId: string;
  entries: number;
  ok: boolean;
  problems: AuditProblem[];
}

export interface AuditVerificationReport {
  ok: boolean;
  checkedEntries: number;
  chains: AuditChainReport[];
}

const BATCH = 2000;
const MAX_PROBLEMS_PER_CHAIN = 50;
const audit = new AuditEntryRepository();

/**
 * `kyso audit verify`: walks every chain in sequence order and recomputes each hash. An altered entry no longer
 * matches its hash; a deleted entry leaves a gap in the sequence and a broken prev_hash link; entries cut off the
 * end disagree with the chain head. Reads in batches, so memory stays flat however long the trail is.
 * Read-only; safe to run while the API is serving.
 */
export async function verifyAuditTrail(ds: DataSource): Promise<AuditVerificationReport> {
  const heads = await audit.listHeads(ds.manager);
  const chainIds = await audit.listChainIds(ds.manager);
  const reports: AuditChainReport[] = [];
  for (const head of heads) reports.push(await verifyChain(ds, head));
  for (const orphan of chainIds.filter((id) => !heads.some((h) => h.chainId === id))) {
    reports.push({
      chainId: orphan,
      entries: 0,
      ok: false,
      problems: [
        problem(
          orphan,
          0,
          'orphan-chain',
          'entries exist for a chain without a head',
          'có bản ghi nhật ký thuộc chuỗi không có điểm đầu',
        ),
      ],
    });
  }
  return {
    ok: reports.every((r) => r.ok),
    checkedEntries: reports.reduce((n, r) => n + r.entries, 0),
    chains: reports,
  };
}

async function verifyChain(ds: DataSource, head: AuditChainHead): Promise<AuditChainReport> {
  const problems: AuditProblem[] = [];
  const add = (p: AuditProblem) => {
    if (problems.length < MAX_PROBLEMS_PER_CHAIN) problems.push(p);
  };
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  for (;;) {
    const batch = await audit.listFrom(ds.manager, head.chainId, expectedSeq, BATCH);
    for (const e of batch) {
      entries++;
      if (e.seq !== expectedSeq) {
        add(
          problem(
            head.chainId,
            expectedSeq,
            'missing',
            `entries ${expectedSeq}..${e.seq - 1} are missing`,
            `thiếu bản ghi số ${expectedSeq}..${e.seq - 1}`,
          ),
        );
      }
      const recomputed = auditEntryHash({ ...e, at: e.at.toISOString() });
      if (recomputed !== e.hash) {
        add(
          problem(
            head.chainId,
            e.seq,
            'altered',
            `entry ${e.seq} was altered (hash mismatch)`,
            `bản ghi số ${e.seq} đã bị sửa (sai mã băm)`,
          ),
        );
      }
      if (e.prevHash !== prevHash) {
        add(
          problem(
            head.chainId,
            e.seq,
            'broken-link',
            `entry ${e.seq} does not follow the previous entry`,
            `bản ghi số ${e.seq} không nối tiếp bản ghi trước`,
          ),
        );
      }
      prevHash = e.hash;
      expectedSeq = e.seq + 1;
    }
    if (batch.length < BATCH) break;
  }
  if (expectedSeq - 1 !== head.seq || prevHash !== head.lastHash) {
    add(
      problem(
        head.chainId,
        head.seq,
        'head-mismatch',
        `the chain ends at entry ${expectedSeq - 1} but its head says ${head.seq}: entries were removed or the head was changed`,
        `chuỗi kết thúc ở bản ghi ${expectedSeq - 1} nhưng điểm cuối ghi ${head.seq}: bản ghi đã bị xoá hoặc điểm cuối bị sửa`,
      ),
    );
  }
  return { chainId: head.chainId, entries, ok: problems.length === 0, problems };
}

function problem(
  chainId: string,
  seq: number,
  kind: AuditProblemKind,
  message: string,
  messageVi: string,
): AuditProblem {
  return { chainId, seq, kind, message, messageVi };
}
