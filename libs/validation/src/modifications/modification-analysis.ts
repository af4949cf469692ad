import type { PdfReader } from '@kyso/pdf';
import type { ModificationChange, ModificationReport } from '../model/validation-result';
import { changedObjects } from './object-diff';
import { type AnnotationEntry, collectObjectRoles, type ObjectRoleMap } from './object-roles';
import { type ChangePolicy, classifyUpdate, type UpdateClassification } from './update-classifier';

/** A FieldMDP lock a signature puts on fields for every later update (ISO 32000-1 Table 256). */
export interface FieldLock {
  readonly action: 'All' | 'Include' | 'Exclude';
  readonly fields: readonly string[];
}

export interface SignedRevision {
  /** Revision the signature closes. */
  readonly revision: number;
  readonly locks: readonly FieldLock[];
}

export interface ModificationAnalysisInput {
  readonly reader: PdfReader;
  readonly signed: readonly SignedRevision[];
  /** The certification signature's revision and DocMDP /P, when the document is certified. */
  readonly docMdp: { readonly revision: number; readonly permission: 1 | 2 | 3 } | null;
  readonly maxObjectsPerUpdate: number;
  readonly maxRevisions: number;
  readonly signal?: AbortSignal;
}

/**
 * Every incremental update after the first signed revision, classified once; reports for each signature
 * are then unions of the updates after it. Object roles are collected once per revision.
 */
export class ModificationAnalysis {
  private constructor(
    private readonly updates: ReadonlyMap<number, UpdateClassification>,
    private readonly roles: ReadonlyMap<number, ObjectRoleMap>,
    private readonly lastRevision: number,
    private readonly docMdp: ModificationAnalysisInput['docMdp'],
    /** Revisions after this one were not analysed (limits). */
    private readonly analysedUpTo: number,
  ) {}

  static async run(input: ModificationAnalysisInput): Promise<ModificationAnalysis> {
    const { reader } = input;
    const last = reader.revisions.length - 1;
    const first = Math.min(...input.signed.map((s) => s.revision), last);
    const roles = new Map<number, ObjectRoleMap>();
    const updates = new Map<number, UpdateClassification>();
    const budget = input.maxObjectsPerUpdate;
    const rolesAt = async (r: number): Promise<ObjectRoleMap> => {
      let map = roles.get(r);
      if (!map) {
        map = await collectObjectRoles(reader.atRevision(r), budget);
        roles.set(r, map);
      }
      return map;
    };
    const analysedUpTo = Math.min(last, first + input.maxRevisions);
    await rolesAt(first);
    for (let r = first + 1; r <= analysedUpTo; r++) {
      input.signal?.throwIfAborted();
      const prev = reader.atRevision(r - 1);
      const next = reader.atRevision(r);
      const { changed, truncated } = await changedObjects(prev, next, budget);
      const classification = await classifyUpdate({
        revision: r,
        prev,
        next,
        rolesPrev: await rolesAt(r - 1),
        rolesNext: await rolesAt(r),
        changed,
        truncated,
        policy: policyFor(r, input),
      });
      updates.set(r, classification);
      // Role maps of revisions that no signature closes are needed only by the next update.
      if (r - 1 !== first && !input.signed.some((s) => s.revision === r - 1)) roles.delete(r - 1);
    }
    if (!roles.has(last) && analysedUpTo === last) await rolesAt(last);
    return new ModificationAnalysis(updates, roles, last, input.docMdp, analysedUpTo);
  }

  /** The changes after the signature that closes `revision`, with DSS-comparable page facts. */
  reportFor(revision: number): ModificationReport {
    const changes: ModificationChange[] = [];
    const visual = new Set<number>();
    const atSigning = this.roles.get(revision);
    const existing = new Set(atSigning?.annotations.map((a) => a.id) ?? []);
    for (let r = revision + 1; r <= this.lastRevision; r++) {
      const update = this.updates.get(r);
      if (!update) {
        changes.push({
          revision: r,
          kind: 'other-object-changed',
          category: 'undefined',
          allowed: false,
          detail: 'update not analysed (limit)',
        });
        continue;
      }
      changes.push(...update.changes);
      update.pageFacts.contentChangedPages.forEach((p) => visual.add(p));
      for (const t of update.pageFacts.touchedAnnotations) if (existing.has(t.id)) visual.add(t.page);
    }
    const final = this.roles.get(this.lastRevision);
    const pagesAtSigning = atSigning?.pages.length ?? 0;
    const pagesFinal = final?.pages.length ?? pagesAtSigning;
    const pagesAdded: number[] = [];
    const pagesRemoved: number[] = [];
    for (let p = pagesAtSigning + 1; p <= pagesFinal; p++) pagesAdded.push(p);
    for (let p = pagesFinal + 1; p <= pagesAtSigning; p++) pagesRemoved.push(p);
    const added = final ? final.annotations.filter((a) => !existing.has(a.id)).length : 0;
    const verdict =
      changes.length === 0 ? 'none' : changes.every((c) => c.allowed) ? 'allowed' : 'disallowed';
    return {
      verdict,
      docMdpPermission: this.docMdp && this.docMdp.revision <= revision ? this.docMdp.permission : null,
      changes,
      pageFacts: {
        pagesAdded,
        pagesRemoved,
        visualChangePages: [...visual].filter((p) => p <= pagesFinal).sort((a, b) => a - b),
        annotationOverlapPages: final ? overlapPages(final.annotations) : [],
        annotationsAdded: added,
      },
    };
  }

  get analysedRevisions(): number {
    return this.analysedUpTo;
  }
}

function policyFor(revision: number, input: ModificationAnalysisInput): ChangePolicy {
  const docMdp = input.docMdp && input.docMdp.revision < revision ? input.docMdp.permission : null;
  const locks = input.signed.filter((s) => s.revision < revision).flatMap((s) => s.locks);
  return {
    docMdp,
    isLocked: (name) =>
      locks.some((l) =>
        l.action === 'All'
          ? true
          : l.action === 'Include'
            ? l.fields.includes(name)
            : !l.fields.includes(name),
      ),
  };
}

/** Pages of the final revision where two annotations with a non-empty rectangle overlap (as EU DSS reports). */
export function overlapPages(annotations: readonly AnnotationEntry[]): number[] {
  const byPage = new Map<number, number[][]>();
  for (const a of annotations) {
    const r = a.rect;
    if (!r || r.length !== 4) continue;
    const box = [Math.min(r[0], r[2]), Math.min(r[1], r[3]), Math.max(r[0], r[2]), Math.max(r[1], r[3])];
    if (box[2] - box[0] <= 0 || box[3] - box[1] <= 0) continue;
    const list = byPage.get(a.page) ?? [];
    list.push(box);
    byPage.set(a.page, list);
  }
  const pages: number[] = [];
  for (const [page, boxes] of byPage) {
    let found = false;
    for (let i = 0; i < boxes.length && !found; i++) {
      for (let j = i + 1; j < boxes.length && !found; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        found = a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];
      }
    }
    if (found) pages.push(page);
  }
  return pages.sort((a, b) => a - b);
}
