import {
  listFormFields,
  PdfDict,
  type PdfFormField,
  type PdfObject,
  type PdfReader,
  PdfRef,
} from '@kyso/pdf';
import type { ChangeKind, ModificationChange } from '../model/validation-result';
import { changedKeys, type ChangedObject } from './object-diff';
import { type AnnotationEntry, NAME_TREE_KINDS, type ObjectRole, type ObjectRoleMap } from './object-roles';

/** What may change after a signature: the DocMDP level in force and the fields locked by FieldMDP. */
export interface ChangePolicy {
  /** DocMDP /P of the certification signature made before this update, null when not certified. */
  readonly docMdp: 1 | 2 | 3 | null;
  /** True when an earlier signature locked this field (FieldMDP /Lock or /Reference). */
  readonly isLocked: (fieldName: string) => boolean;
}

/** Page-level facts of one update, kept to compare with EU DSS (which renders pages). */
export interface UpdatePageFacts {
  readonly pagesAdded: readonly number[];
  readonly pagesRemoved: readonly number[];
  /** Pages whose content, resources or visual properties changed. */
  readonly contentChangedPages: readonly number[];
  readonly addedAnnotations: readonly string[];
  /** Visible annotations of the previous revision that this update modified or removed, with their page. */
  readonly touchedAnnotations: readonly { readonly id: string; readonly page: number }[];
}

export interface UpdateClassification {
  readonly revision: number;
  readonly changes: readonly ModificationChange[];
  readonly pageFacts: UpdatePageFacts;
}

export interface UpdateInput {
  readonly revision: number;
  readonly prev: PdfReader;
  readonly next: PdfReader;
  readonly rolesPrev: ObjectRoleMap;
  readonly rolesNext: ObjectRoleMap;
  readonly changed: readonly ChangedObject[];
  /** Object changes were not all compared (limits): unknown changes are treated as disallowed. */
  readonly truncated: boolean;
  readonly policy: ChangePolicy;
}

/** Page dictionary keys that do not change what the page shows. */
const PAGE_HARMLESS_KEYS = new Set([
  'Annots',
  'Parent',
  'StructParents',
  'Tabs',
  'PieceInfo',
  'LastModified',
  'Metadata',
  'Thumb',
  'ID',
  'PZ',
  'Dur',
  'Trans',
  'B',
]);
const PAGE_CONTENT_KEYS = new Set(['Contents']);
const PAGE_RESOURCE_KEYS = new Set(['Resources', 'Group']);

/** AcroForm keys a signer or form filler legitimately updates. */
const ACROFORM_ALLOWED_KEYS = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'Q', 'NeedAppearances']);
/** Widget/field keys that change when a field is filled or signed. */
const FILL_KEYS = new Set(['V', 'I', 'AP', 'AS', 'MK', 'DA', 'Ff', 'Lock', 'SV', 'M', 'F']);

const READ_ONLY_FLAG = 1;
/** Annotation flags: Invisible (1), Hidden (2), NoView (32). */
const NOT_SHOWN_FLAGS = 1 | 2 | 32;

/**
 * Classifies one incremental update: what it changed (pages, annotations, form fields, signatures, DSS,
 * catalog entries...) and whether each change is allowed after a signature under the policy in force
 * (ISO 32000-1 12.8.2.2 DocMDP; ETSI EN 319 142-1 allows DSS and document time-stamps at every level).
 * Unchanged rewrites were already filtered out by value comparison.
 */
export async function classifyUpdate(input: UpdateInput): Promise<UpdateClassification> {
  const { prev, next, rolesPrev, rolesNext, policy, revision } = input;
  const out = new ChangeList(revision, policy);
  const rolesOf = (num: number): ObjectRole[] => [
    ...(rolesNext.roles.get(num) ?? []),
    ...(rolesPrev.roles.get(num) ?? []),
  ];

  // --- pages: count, identity, order -------------------------------------------------------------
  const pagesAdded: number[] = [];
  const pagesRemoved: number[] = [];
  const contentChangedPages = new Set<number>();
  for (let i = rolesPrev.pages.length; i < rolesNext.pages.length; i++) pagesAdded.push(i + 1);
  for (let i = rolesNext.pages.length; i < rolesPrev.pages.length; i++) pagesRemoved.push(i + 1);
  for (const page of pagesAdded) out.add('page-added', false, { page });
  for (const page of pagesRemoved) out.add('page-removed', false, { page });
  for (let i = 0; i < Math.min(rolesPrev.pages.length, rolesNext.pages.length); i++) {
    if (rolesPrev.pages[i] !== rolesNext.pages[i]) {
      contentChangedPages.add(i + 1);
      out.add('page-content-changed', false, {
        page: i + 1,
        detail: 'page object replaced or pages reordered',
      });
    }
  }

  // --- form fields --------------------------------------------------------------------------------
  const [fieldsPrev, fieldsNext] = await Promise.all([safeFields(prev), safeFields(next)]);
  const byNamePrev = new Map(fieldsPrev.map((f) => [f.fullName, f]));
  const byNameNext = new Map(fieldsNext.map((f) => [f.fullName, f]));
  const explainedAnnotations = new Set<string>();
  const explainedObjects = new Set<number>();
  const fieldValueChanged = (name: string): boolean =>
    input.changed.some((c) => rolesOf(c.num).some((r) => r.kind === 'field-value' && r.name === name));

  for (const field of fieldsNext) {
    const before = byNamePrev.get(field.fullName);
    const widgets = widgetIds(field);
    const page = pageOfWidgets(rolesNext.annotations, widgets);
    const rect = rectOfWidgets(rolesNext.annotations, widgets);
    if (!before) {
      widgets.forEach((id) => explainedAnnotations.add(id));
      if (field.ref) explainedObjects.add(field.ref.num);
      if (field.fieldType === 'Sig') {
        const kind =
          field.value === undefined ? 'signature-field-added' : await signatureKind(next, field.value);
        if (field.value instanceof PdfRef) explainedObjects.add(field.value.num);
        out.add(kind, true, { fieldName: field.fullName, page, rect });
      } else {
        out.add('form-field-added', false, {
          fieldName: field.fullName,
          page,
          rect,
          annotationType: 'Widget',
        });
      }
      continue;
    }
    const keys = await changedKeys(before.dict, field.dict, prev, next);
    const valueChanged = keys.includes('V') || fieldValueChanged(field.fullName);
    const otherKeys = keys.filter((k) => !FILL_KEYS.has(k) && k !== 'Kids');
    if (field.fieldType === 'Sig') {
      if (valueChanged) {
        widgets.forEach((id) => explainedAnnotations.add(id));
        if (before.value === undefined && field.value !== undefined) {
          if (field.value instanceof PdfRef) explainedObjects.add(field.value.num);
          const kind = await signatureKind(next, field.value);
          out.add(kind, !policy.isLocked(field.fullName), {
            fieldName: field.fullName,
            page,
            rect,
            detail: policy.isLocked(field.fullName)
              ? 'field locked by an earlier signature (FieldMDP)'
              : undefined,
          });
        } else {
          out.add('signature-dictionary-changed', false, {
            fieldName: field.fullName,
            detail: 'signature value replaced or removed',
          });
        }
      }
    } else if (valueChanged) {
      widgets.forEach((id) => explainedAnnotations.add(id));
      const locked = policy.isLocked(field.fullName);
      out.add('form-filled', !locked, {
        fieldName: field.fullName,
        page,
        rect,
        detail: locked ? 'field locked by an earlier signature (FieldMDP)' : undefined,
      });
    }
    const ffOnlyReadOnly =
      keys.includes('Ff') && (await onlyReadOnlyAdded(before.dict, field.dict, prev, next));
    const kidsChanged = keys.includes('Kids');
    const suspicious = otherKeys.length > 0 || kidsChanged || (keys.includes('Ff') && !ffOnlyReadOnly);
    if (suspicious) {
      out.add('form-field-modified', false, {
        fieldName: field.fullName,
        page,
        detail: `changed keys: ${[...otherKeys, ...(kidsChanged ? ['Kids'] : []), ...(keys.includes('Ff') && !ffOnlyReadOnly ? ['Ff'] : [])].join(', ')}`,
      });
    }
    if (field.ref) explainedObjects.add(field.ref.num);
  }
  for (const field of fieldsPrev) {
    if (!byNameNext.has(field.fullName)) {
      widgetIds(field).forEach((id) => explainedAnnotations.add(id));
      out.add(
        field.fieldType === 'Sig' && field.value !== undefined
          ? 'signature-dictionary-changed'
          : 'form-field-removed',
        false,
        {
          fieldName: field.fullName,
          detail: 'field removed',
        },
      );
    }
  }

  // --- annotations ----------------------------------------------------------------------------------
  const annPrev = new Map(rolesPrev.annotations.map((a) => [a.id, a]));
  const annNext = new Map(rolesNext.annotations.map((a) => [a.id, a]));
  const addedAnnotations: string[] = [];
  const touched: { id: string; page: number }[] = [];
  for (const a of rolesNext.annotations) {
    if (annPrev.has(a.id)) continue;
    addedAnnotations.push(a.id);
    if (explainedAnnotations.has(a.id)) continue;
    const common = { page: a.page, annotationType: a.subtype ?? 'unknown', rect: a.rect, objects: [a.id] };
    if (a.subtype === 'Widget')
      out.add('form-field-modified', false, { ...common, detail: 'widget added to an existing field' });
    else if (!isShown(a))
      out.add('annotation-added', policy.docMdp !== 1, { ...common, detail: 'not visible' });
    else out.add('annotation-added', policy.docMdp === 3, common);
  }
  for (const a of rolesPrev.annotations) {
    if (annNext.has(a.id)) continue;
    if (isShown(a)) touched.push({ id: a.id, page: a.page });
    if (explainedAnnotations.has(a.id)) continue;
    const common = { page: a.page, annotationType: a.subtype ?? 'unknown', rect: a.rect, objects: [a.id] };
    out.add('annotation-removed', a.subtype !== 'Widget' && policy.docMdp === 3, common);
  }
  const modified = new Set<string>();
  for (const c of input.changed) {
    for (const role of rolesOf(c.num)) {
      if (role.kind === 'annotation' || role.kind === 'appearance') {
        if (annPrev.has(role.annot) && annNext.has(role.annot)) modified.add(role.annot);
      }
    }
  }
  for (const id of modified) {
    const a = annNext.get(id)!;
    if (isShown(a) || isShown(annPrev.get(id)!)) touched.push({ id, page: annPrev.get(id)!.page });
    if (explainedAnnotations.has(id)) continue;
    const keys = await changedKeys(annPrev.get(id)!.dict, a.dict, prev, next);
    const common = { page: a.page, annotationType: a.subtype ?? 'unknown', rect: a.rect, objects: [id] };
    if (a.subtype === 'Widget') {
      // Locking a field after signing (Acrobat sets ReadOnly/Locked flags) changes nothing that is shown.
      const onlyLocked =
        keys.length > 0 &&
        keys.every((k) => k === 'F' || k === 'Ff') &&
        (await onlyLockFlagsAdded(annPrev.get(id)!.dict, a.dict, prev, next));
      out.add('form-field-modified', onlyLocked, {
        ...common,
        detail: onlyLocked ? 'field locked (flags)' : describeKeys(keys, 'appearance'),
      });
    } else
      out.add('annotation-modified', policy.docMdp === 3, {
        ...common,
        detail: describeKeys(keys, 'appearance'),
      });
  }

  // --- everything else, by what the changed object is -----------------------------------------------
  for (const c of input.changed) {
    if (explainedObjects.has(c.num)) continue;
    const roles = rolesOf(c.num);
    const objects = [`${c.num} 0`];
    for (const role of roles) {
      switch (role.kind) {
        case 'page': {
          if (!(c.before instanceof PdfDict) || !(c.after instanceof PdfDict)) break;
          const keys = await changedKeys(c.before, c.after, prev, next);
          for (const key of keys) {
            if (PAGE_HARMLESS_KEYS.has(key)) continue;
            contentChangedPages.add(role.page);
            if (key === 'AA')
              out.add('action-added', false, { page: role.page, objects, detail: 'page actions (/AA)' });
            else if (PAGE_CONTENT_KEYS.has(key))
              out.add('page-content-changed', false, { page: role.page, objects, detail: '/Contents' });
            else if (PAGE_RESOURCE_KEYS.has(key))
              out.add('page-resources-changed', false, { page: role.page, objects, detail: `/${key}` });
            else out.add('page-properties-changed', false, { page: role.page, objects, detail: `/${key}` });
          }
          break;
        }
        case 'page-content':
          contentChangedPages.add(role.page);
          out.add('page-content-changed', false, { page: role.page, objects });
          break;
        case 'page-resources':
          contentChangedPages.add(role.page);
          out.add('page-resources-changed', false, { page: role.page, objects });
          break;
        case 'catalog':
          await classifyCatalog(c, prev, next, out);
          break;
        case 'acroform': {
          const keys =
            c.before instanceof PdfDict && c.after instanceof PdfDict
              ? await changedKeys(c.before, c.after, prev, next)
              : [];
          const bad = keys.filter((k) => !ACROFORM_ALLOWED_KEYS.has(k));
          if (bad.length > 0)
            out.add('acroform-changed', false, { objects, detail: `changed keys: ${bad.join(', ')}` });
          else if (keys.some((k) => k !== 'Fields'))
            out.add('acroform-changed', true, { objects, detail: keys.join(', ') });
          break;
        }
        case 'acroform-resources':
          out.add('acroform-changed', true, { objects, detail: 'default resources (/DR)' });
          break;
        case 'signature-dict':
          if (rolesPrev.roles.get(c.num)?.some((r) => r.kind === 'signature-dict')) {
            out.add('signature-dictionary-changed', false, { fieldName: role.name, objects });
          }
          break;
        case 'dss':
          out.add('dss-added', true, { objects });
          break;
        case 'info':
        case 'metadata':
          out.add('metadata-changed', true, { objects });
          break;
        case 'structure':
          out.add('structure-tree-changed', true, { objects });
          break;
        case 'outline':
        case 'harmless':
          out.add('catalog-changed', true, {
            objects,
            detail: role.kind === 'outline' ? 'Outlines' : role.key,
          });
          break;
        case 'perms':
          out.add('permissions-changed', false, { objects });
          break;
        case 'active':
          out.add('action-added', false, { objects, detail: role.key });
          break;
        case 'other':
          out.add('other-object-changed', false, { objects, detail: `reachable from /${role.key}` });
          break;
        // Handled above by page-list, field and annotation comparisons.
        case 'pages-node':
        case 'annotation':
        case 'appearance':
        case 'field':
        case 'field-value':
          break;
      }
    }
  }
  if (input.truncated || rolesNext.truncated) {
    out.add('other-object-changed', false, {
      detail: 'analysis limit reached: remaining changes not examined',
    });
  }
  return {
    revision,
    changes: out.list(),
    pageFacts: {
      pagesAdded,
      pagesRemoved,
      contentChangedPages: [...contentChangedPages].sort((a, b) => a - b),
      addedAnnotations,
      touchedAnnotations: touched,
    },
  };
}

/** Collects changes, applying the DocMDP level, and merges duplicates. */
class ChangeList {
  private readonly items = new Map<string, ModificationChange>();

  constructor(
    private readonly revision: number,
    private readonly policy: ChangePolicy,
  ) {}

  add(
    kind: ChangeKind,
    allowedByKind: boolean,
    extra: Omit<ModificationChange, 'revision' | 'kind' | 'allowed'> = {},
  ): void {
    const allowed = allowedByKind && permittedByDocMdp(kind, this.policy.docMdp);
    const key = `${kind}|${extra.page ?? ''}|${extra.fieldName ?? ''}|${extra.annotationType ?? ''}|${extra.detail ?? ''}`;
    const existing = this.items.get(key);
    if (existing) {
      const objects = [...new Set([...(existing.objects ?? []), ...(extra.objects ?? [])])];
      this.items.set(key, {
        ...existing,
        objects: objects.length > 0 ? objects : undefined,
        allowed: existing.allowed && allowed,
      });
      return;
    }
    const change: ModificationChange = { revision: this.revision, kind, allowed, ...stripUndefined(extra) };
    this.items.set(key, change);
  }

  list(): ModificationChange[] {
    return [...this.items.values()];
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** ISO 32000-1 Table 254 plus ETSI EN 319 142-1 (DSS and document time-stamps are always allowed). */
function permittedByDocMdp(kind: ChangeKind, p: 1 | 2 | 3 | null): boolean {
  if (p !== 1) return true;
  return (
    kind === 'dss-added' ||
    kind === 'document-timestamp-added' ||
    kind === 'metadata-changed' ||
    kind === 'acroform-changed' ||
    kind === 'structure-tree-changed'
  );
}

async function classifyCatalog(
  c: ChangedObject,
  prev: PdfReader,
  next: PdfReader,
  out: ChangeList,
): Promise<void> {
  const before = c.before instanceof PdfDict ? c.before : undefined;
  const after = c.after instanceof PdfDict ? c.after : undefined;
  const objects = [`${c.num} 0`];
  for (const key of await changedKeys(before, after, prev, next)) {
    switch (key) {
      case 'DSS':
        out.add('dss-added', true, { objects });
        break;
      case 'AcroForm':
      case 'Pages':
        break; // compared through fields and the page list
      case 'Metadata':
        out.add('metadata-changed', true, { objects });
        break;
      case 'StructTreeRoot':
      case 'MarkInfo':
        out.add('structure-tree-changed', true, { objects, detail: key });
        break;
      case 'Perms': {
        const keys = await changedKeys(
          await prev.resolveDict(before?.get('Perms')).catch(() => undefined),
          await next.resolveDict(after?.get('Perms')).catch(() => undefined),
          prev,
          next,
        );
        const onlyUsageRights = keys.every((k) => k === 'UR' || k === 'UR3');
        out.add('permissions-changed', onlyUsageRights, { objects, detail: keys.join(', ') });
        break;
      }
      case 'Version':
      case 'Extensions':
      case 'Lang':
      case 'PageLabels':
      case 'PageLayout':
      case 'PageMode':
      case 'ViewerPreferences':
      case 'Outlines':
      case 'Legal':
      case 'PieceInfo':
        out.add('catalog-changed', true, { objects, detail: key });
        break;
      case 'Names': {
        const trees = await changedKeys(
          await prev.resolveDict(before?.get('Names')).catch(() => undefined),
          await next.resolveDict(after?.get('Names')).catch(() => undefined),
          prev,
          next,
        );
        for (const tree of trees) {
          const kind = NAME_TREE_KINDS[tree] ?? 'other';
          if (kind === 'active') out.add('action-added', false, { objects, detail: `/Names/${tree}` });
          else out.add('catalog-changed', kind === 'harmless', { objects, detail: `/Names/${tree}` });
        }
        break;
      }
      case 'OpenAction':
      case 'AA':
      case 'OCProperties':
      case 'URI':
      case 'Collection':
      case 'NeedsRendering':
      case 'AF':
      case 'Dests':
        out.add('action-added', false, { objects, detail: `catalog /${key}` });
        break;
      default:
        out.add('catalog-changed', false, { objects, detail: key });
    }
  }
}

async function safeFields(reader: PdfReader): Promise<PdfFormField[]> {
  try {
    return await listFormFields(reader);
  } catch {
    return [];
  }
}

function widgetIds(field: PdfFormField): string[] {
  return field.widgets.map((w) => w.ref?.key).filter((k): k is string => k !== undefined);
}

function pageOfWidgets(annotations: readonly AnnotationEntry[], ids: readonly string[]): number | undefined {
  return annotations.find((a) => ids.includes(a.id))?.page;
}

function rectOfWidgets(
  annotations: readonly AnnotationEntry[],
  ids: readonly string[],
): readonly number[] | undefined {
  return annotations.find((a) => ids.includes(a.id))?.rect;
}

async function signatureKind(reader: PdfReader, value: PdfObject): Promise<ChangeKind> {
  const dict = await reader.resolveDict(value).catch(() => undefined);
  const isTimestamp =
    dict?.getName('Type') === 'DocTimeStamp' || dict?.getName('SubFilter') === 'ETSI.RFC3161';
  return isTimestamp ? 'document-timestamp-added' : 'signature-added';
}

async function onlyReadOnlyAdded(
  before: PdfDict,
  after: PdfDict,
  prev: PdfReader,
  next: PdfReader,
): Promise<boolean> {
  const a = (await prev.resolveNumber(before.get('Ff')).catch(() => undefined)) ?? 0;
  const b = (await next.resolveNumber(after.get('Ff')).catch(() => undefined)) ?? 0;
  return (a | READ_ONLY_FLAG) === b;
}

/** Annotation flags Print (4), Locked (128), LockedContents (512); field flag ReadOnly (1). */
const LOCK_ANNOTATION_FLAGS = 4 | 128 | 512;

async function onlyLockFlagsAdded(
  before: PdfDict,
  after: PdfDict,
  prev: PdfReader,
  next: PdfReader,
): Promise<boolean> {
  const num = async (r: PdfReader, d: PdfDict, k: string): Promise<number> =>
    ((await r.resolveNumber(d.get(k)).catch(() => undefined)) ?? 0) | 0;
  const f0 = await num(prev, before, 'F');
  const f1 = await num(next, after, 'F');
  const ff0 = await num(prev, before, 'Ff');
  const ff1 = await num(next, after, 'Ff');
  const noneRemoved = (f0 & ~f1) === 0 && (ff0 & ~ff1) === 0;
  return noneRemoved && (f1 & ~f0 & ~LOCK_ANNOTATION_FLAGS) === 0 && (ff1 & ~ff0 & ~READ_ONLY_FLAG) === 0;
}

/** Whether a viewer shows the annotation: not hidden by flags, not a zero-area rectangle, not a Popup. */
export function isShown(a: AnnotationEntry): boolean {
  if (a.flags & NOT_SHOWN_FLAGS) return false;
  if (a.subtype === 'Popup') return false;
  if (!a.rect || a.rect.length !== 4) return false;
  return Math.abs(a.rect[2] - a.rect[0]) > 0 && Math.abs(a.rect[3] - a.rect[1]) > 0;
}

function describeKeys(keys: readonly string[], fallback: string): string {
  return keys.length > 0 ? `changed keys: ${keys.join(', ')}` : fallback;
}
