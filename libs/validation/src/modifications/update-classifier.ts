import {
  listFormFields,
  PdfDict,
  type PdfFormField,
  type PdfObject,
  type PdfReader,
  PdfRef,
} from '@kyso/pdf';
import { type ChangeKind, changeCategory, type ModificationChange } from '../model/validation-result';
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
/** Widget keys that hold only its appearance (/AS is not among them: it selects a check box's state). */
const APPEARANCE_KEYS = new Set(['AP', 'MK', 'DA']);

const READ_ONLY_FLAG = 1;
/** Annotation flags: Invisible (1), Hidden (2), NoView (32). */
const NOT_SHOWN_FLAGS = 1 | 2 | 32;

/** Fields and annotations whose change an earlier step already classified (a signed or filled field). */
interface Explained {
  readonly annotations: Set<string>;
  readonly objects: Set<number>;
}

/**
 * Classifies one incremental update: what it changed (pages, annotations, form fields, signatures, DSS,
 * catalog entries...) and whether each change is allowed after a signature under the policy in force
 * (ISO 32000-1 12.8.2.2 DocMDP; ETSI EN 319 142-1 allows DSS and document time-stamps at every level).
 * Unchanged rewrites were already filtered out by value comparison.
 *
 * The steps run in this order, because the later ones skip what the earlier ones explained:
 * 1. the page list: pages added, removed, replaced or reordered;
 * 2. form fields: added, signed, filled, modified, removed (their widgets and objects become explained);
 * 3. annotations: added, removed, modified, unless explained by a field;
 * 4. every other changed object, by the role it plays (page, catalog, AcroForm, DSS, metadata...);
 * 5. an analysis cut short by a limit, which counts as a disallowed change.
 */
export async function classifyUpdate(input: UpdateInput): Promise<UpdateClassification> {
  const out = new ChangeList(input.revision, input.policy);
  const explained: Explained = { annotations: new Set(), objects: new Set() };
  const pages = comparePageList(input, out);
  const fieldsNext = await classifyFields(input, out, explained);
  const annotations = await classifyAnnotations(input, out, explained.annotations, fieldsNext);
  await classifyChangedObjects(input, out, explained.objects, pages.contentChanged);
  flagTruncatedAnalysis(input, out);
  return {
    revision: input.revision,
    changes: out.list(),
    pageFacts: {
      pagesAdded: pages.added,
      pagesRemoved: pages.removed,
      contentChangedPages: [...pages.contentChanged].sort((a, b) => a - b),
      addedAnnotations: annotations.added,
      touchedAnnotations: annotations.touched,
    },
  };
}

/** The roles an object plays in either revision (a deleted object keeps its previous role). */
function rolesOf(input: UpdateInput, num: number): ObjectRole[] {
  return [...(input.rolesNext.roles.get(num) ?? []), ...(input.rolesPrev.roles.get(num) ?? [])];
}

/** Step 1: pages added or removed at the end, and pages whose object changed place in the list. */
function comparePageList(
  input: UpdateInput,
  out: ChangeList,
): { added: number[]; removed: number[]; contentChanged: Set<number> } {
  const before = input.rolesPrev.pages;
  const after = input.rolesNext.pages;
  const added: number[] = [];
  const removed: number[] = [];
  const contentChanged = new Set<number>();
  for (let i = before.length; i < after.length; i++) added.push(i + 1);
  for (let i = after.length; i < before.length; i++) removed.push(i + 1);
  for (const page of added) out.add('page-added', false, { page });
  for (const page of removed) out.add('page-removed', false, { page });
  for (let i = 0; i < Math.min(before.length, after.length); i++) {
    if (before[i] !== after[i]) {
      contentChanged.add(i + 1);
      out.add('page-content-changed', false, {
        page: i + 1,
        detail: 'page object replaced or pages reordered',
      });
    }
  }
  return { added, removed, contentChanged };
}

/**
 * Step 2: every field of the new revision against its namesake in the previous one, then the removed ones.
 * Fields are matched by their full name, whether listed in /Fields or only on a page's /Annots, so that a
 * field another writer moved into or out of /Fields, or whose /Kids it rewrote, is judged by what changed
 * in it, not by which objects hold it. Returns the field objects of the new revision by number.
 */
async function classifyFields(
  input: UpdateInput,
  out: ChangeList,
  explained: Explained,
): Promise<Map<string, PdfFormField>> {
  const [fieldsPrev, fieldsNext] = await Promise.all([safeFields(input.prev), safeFields(input.next)]);
  const earlier = matchFields(fieldsPrev, fieldsNext);
  for (const field of fieldsNext) {
    const before = earlier.get(field);
    if (before) await classifyExistingField(input, out, explained, before, field);
    else await classifyAddedField(input, out, explained, field);
  }
  const matched = new Set(earlier.values());
  for (const field of fieldsPrev) {
    if (!matched.has(field)) classifyRemovedField(out, explained, field);
  }
  const owners = new Map<string, PdfFormField>();
  for (const field of fieldsNext) {
    if (field.ref) owners.set(field.ref.key, field);
    for (const widget of field.widgets) if (widget.ref) owners.set(widget.ref.key, field);
  }
  return owners;
}

/**
 * Pairs each field of the new revision with the field it was in the previous one: the same field object first,
 * then, for fields whose object was rewritten, the same full name. A previous field is paired once, so a second
 * field that another writer gave an existing name (poppler and @signpdf both default to "Signature1") is a new
 * field, not a replacement of the first.
 */
function matchFields(
  fieldsPrev: readonly PdfFormField[],
  fieldsNext: readonly PdfFormField[],
): Map<PdfFormField, PdfFormField> {
  const byRef = new Map<string, PdfFormField>();
  for (const f of fieldsPrev) if (f.ref) byRef.set(f.ref.key, f);
  const pairs = new Map<PdfFormField, PdfFormField>();
  const taken = new Set<PdfFormField>();
  for (const field of fieldsNext) {
    const same = field.ref ? byRef.get(field.ref.key) : undefined;
    if (same && !taken.has(same)) {
      pairs.set(field, same);
      taken.add(same);
    }
  }
  const byName = new Map<string, PdfFormField[]>();
  for (const f of fieldsPrev) {
    if (taken.has(f)) continue;
    const list = byName.get(f.fullName);
    if (list) list.push(f);
    else byName.set(f.fullName, [f]);
  }
  for (const field of fieldsNext) {
    if (pairs.has(field)) continue;
    // A field object that existed before under another role is not a rewrite of a same-named field.
    if (field.ref && byRef.has(field.ref.key)) continue;
    const before = byName.get(field.fullName)?.shift();
    if (before) pairs.set(field, before);
  }
  return pairs;
}

/** The field a widget belongs to (as its /Parent or as one of its widgets) in the new revision. */
function ownerField(a: AnnotationEntry, owners: ReadonlyMap<string, PdfFormField>): PdfFormField | undefined {
  const parent = a.dict.getRef('Parent');
  return (parent ? owners.get(parent.key) : undefined) ?? owners.get(a.id);
}

/** A new field: a signature or document time-stamp (allowed), an empty signature field, or a form field. */
async function classifyAddedField(
  input: UpdateInput,
  out: ChangeList,
  explained: Explained,
  field: PdfFormField,
): Promise<void> {
  const widgets = widgetIds(field);
  const page = pageOfWidgets(input.rolesNext.annotations, widgets);
  const rect = rectOfWidgets(input.rolesNext.annotations, widgets);
  for (const id of widgets) explained.annotations.add(id);
  if (field.ref) explained.objects.add(field.ref.num);
  if (field.fieldType === 'Sig') {
    const kind =
      field.value === undefined ? 'signature-field-added' : await signatureKind(input.next, field.value);
    if (field.value instanceof PdfRef) explained.objects.add(field.value.num);
    out.add(kind, true, { fieldName: field.fullName, page, rect });
  } else {
    out.add('form-field-added', false, {
      fieldName: field.fullName,
      page,
      rect,
      annotationType: 'Widget',
    });
  }
}

/** A field of both revisions: signed, filled (unless locked by FieldMDP), or modified beyond filling. */
async function classifyExistingField(
  input: UpdateInput,
  out: ChangeList,
  explained: Explained,
  before: PdfFormField,
  field: PdfFormField,
): Promise<void> {
  const { prev, next, policy } = input;
  const widgets = widgetIds(field);
  const page = pageOfWidgets(input.rolesNext.annotations, widgets);
  const rect = rectOfWidgets(input.rolesNext.annotations, widgets);
  const keys = await changedKeys(before.dict, field.dict, prev, next);
  const valueChanged = keys.includes('V') || fieldValueChanged(input, field.fullName);
  // Asked only when the value changed: the lookup walks the locks of every earlier signature.
  const locked = valueChanged && policy.isLocked(field.fullName);
  const lockedDetail = locked ? 'field locked by an earlier signature (FieldMDP)' : undefined;
  if (valueChanged) for (const id of widgets) explained.annotations.add(id);
  if (field.fieldType === 'Sig') {
    if (valueChanged && before.value === undefined && field.value !== undefined) {
      if (field.value instanceof PdfRef) explained.objects.add(field.value.num);
      const kind = await signatureKind(next, field.value);
      out.add(kind, !locked, { fieldName: field.fullName, page, rect, detail: lockedDetail });
    } else if (valueChanged) {
      out.add('signature-dictionary-changed', false, {
        fieldName: field.fullName,
        detail: 'signature value replaced or removed',
      });
    }
  } else if (valueChanged) {
    out.add('form-filled', !locked, { fieldName: field.fullName, page, rect, detail: lockedDetail });
  }
  const suspicious = await suspiciousFieldKeys(before, field, keys, prev, next);
  if (suspicious.length > 0) {
    out.add('form-field-modified', false, {
      fieldName: field.fullName,
      page,
      detail: `changed keys: ${suspicious.join(', ')}`,
    });
  }
  if (field.ref) explained.objects.add(field.ref.num);
}

/**
 * The keys of a field that changed beyond filling or signing it: other keys first, then /Kids, then /Ff unless
 * the only flag added is ReadOnly.
 */
async function suspiciousFieldKeys(
  before: PdfFormField,
  field: PdfFormField,
  keys: readonly string[],
  prev: PdfReader,
  next: PdfReader,
): Promise<string[]> {
  const suspicious = keys.filter((k) => !FILL_KEYS.has(k) && k !== 'Kids');
  // Kids rewritten (a new array, reordered, wrapped in another object) with the same widgets is not a change.
  if (keys.includes('Kids') && !sameWidgets(before, field)) suspicious.push('Kids');
  if (keys.includes('Ff') && !(await onlyReadOnlyAdded(before.dict, field.dict, prev, next)))
    suspicious.push('Ff');
  return suspicious;
}

function sameWidgets(before: PdfFormField, after: PdfFormField): boolean {
  const a = new Set(widgetIds(before));
  const b = widgetIds(after);
  return a.size === b.length && a.size === before.widgets.length && b.every((id) => a.has(id));
}

/** Whether an object holding the value of this field changed (a /V kept indirect). */
function fieldValueChanged(input: UpdateInput, name: string): boolean {
  for (const c of input.changed) {
    for (const role of rolesOf(input, c.num))
      if (role.kind === 'field-value' && role.name === name) return true;
  }
  return false;
}

/** A field gone from the new revision; a removed signature is a changed signature dictionary. */
function classifyRemovedField(out: ChangeList, explained: Explained, field: PdfFormField): void {
  for (const id of widgetIds(field)) explained.annotations.add(id);
  out.add(
    field.fieldType === 'Sig' && field.value !== undefined
      ? 'signature-dictionary-changed'
      : 'form-field-removed',
    false,
    { fieldName: field.fullName, detail: 'field removed' },
  );
}

/** What annotations added, and which shown annotations of the previous revision were modified or removed. */
interface AnnotationFacts {
  readonly added: string[];
  readonly touched: { id: string; page: number }[];
}

/** Step 3: annotations added, removed and modified, except the widgets a field change already explains. */
async function classifyAnnotations(
  input: UpdateInput,
  out: ChangeList,
  explained: ReadonlySet<string>,
  fieldsNext: ReadonlyMap<string, PdfFormField>,
): Promise<AnnotationFacts> {
  const annPrev = new Map(input.rolesPrev.annotations.map((a) => [a.id, a]));
  const annNext = new Map(input.rolesNext.annotations.map((a) => [a.id, a]));
  const facts: AnnotationFacts = { added: [], touched: [] };
  classifyAddedAnnotations(input, out, explained, annPrev, facts, fieldsNext);
  classifyRemovedAnnotations(input, out, explained, annNext, facts);
  for (const id of modifiedAnnotations(input, annPrev, annNext)) {
    const after = annNext.get(id)!;
    const owner = ownerField(after, fieldsNext);
    await classifyModifiedAnnotation(input, out, explained, annPrev.get(id)!, after, facts, owner);
  }
  return facts;
}

function classifyAddedAnnotations(
  input: UpdateInput,
  out: ChangeList,
  explained: ReadonlySet<string>,
  annPrev: ReadonlyMap<string, AnnotationEntry>,
  facts: AnnotationFacts,
  fieldsNext: ReadonlyMap<string, PdfFormField>,
): void {
  const docMdp = input.policy.docMdp;
  for (const a of input.rolesNext.annotations) {
    if (annPrev.has(a.id)) continue;
    facts.added.push(a.id);
    if (explained.has(a.id)) continue;
    const common = annotationChange(a, a.id);
    if (a.subtype === 'Widget' && ownerField(a, fieldsNext) !== undefined)
      out.add('form-field-modified', false, {
        ...common,
        fieldName: ownerField(a, fieldsNext)!.fullName,
        detail: 'widget added to an existing field',
      });
    // A widget that belongs to no field is judged as the annotation it is (shown or not).
    else if (!isShown(a)) out.add('annotation-added', docMdp !== 1, { ...common, detail: 'not visible' });
    else out.add('annotation-added', docMdp === 3, common);
  }
}

function classifyRemovedAnnotations(
  input: UpdateInput,
  out: ChangeList,
  explained: ReadonlySet<string>,
  annNext: ReadonlyMap<string, AnnotationEntry>,
  facts: AnnotationFacts,
): void {
  for (const a of input.rolesPrev.annotations) {
    if (annNext.has(a.id)) continue;
    if (isShown(a)) facts.touched.push({ id: a.id, page: a.page });
    if (explained.has(a.id)) continue;
    out.add(
      'annotation-removed',
      a.subtype !== 'Widget' && input.policy.docMdp === 3,
      annotationChange(a, a.id),
    );
  }
}

/** Annotations of both revisions whose dictionary or appearance object changed, in the order of the changes. */
function modifiedAnnotations(
  input: UpdateInput,
  annPrev: ReadonlyMap<string, AnnotationEntry>,
  annNext: ReadonlyMap<string, AnnotationEntry>,
): Set<string> {
  const modified = new Set<string>();
  for (const c of input.changed) {
    for (const role of rolesOf(input, c.num)) {
      if (role.kind === 'annotation' || role.kind === 'appearance') {
        if (annPrev.has(role.annot) && annNext.has(role.annot)) modified.add(role.annot);
      }
    }
  }
  return modified;
}

async function classifyModifiedAnnotation(
  input: UpdateInput,
  out: ChangeList,
  explained: ReadonlySet<string>,
  before: AnnotationEntry,
  after: AnnotationEntry,
  facts: AnnotationFacts,
  owner: PdfFormField | undefined,
): Promise<void> {
  const { prev, next } = input;
  if (isShown(after) || isShown(before)) facts.touched.push({ id: after.id, page: before.page });
  if (explained.has(after.id)) return;
  const keys = await changedKeys(before.dict, after.dict, prev, next);
  const common = annotationChange(after, after.id);
  if (after.subtype === 'Widget') {
    // Locking a field after signing (Acrobat sets ReadOnly/Locked flags) changes nothing that is shown.
    const onlyLocked =
      keys.length > 0 &&
      keys.every((k) => k === 'F' || k === 'Ff') &&
      (await onlyLockFlagsAdded(before.dict, after.dict, prev, next));
    // A new appearance for a field whose value did not change may be a writer regenerating it or the
    // "replace" shadow attack; kyso does not render pages to tell them apart, so, like EU DSS's
    // replacedContent, it is a visual change and not allowed.
    const appearanceOnly = owner !== undefined && keys.every((k) => APPEARANCE_KEYS.has(k));
    out.add('form-field-modified', onlyLocked, {
      ...common,
      detail: onlyLocked
        ? 'field locked (flags)'
        : appearanceOnly
          ? 'appearance changed, value unchanged'
          : describeKeys(keys, 'appearance'),
    });
  } else
    out.add('annotation-modified', input.policy.docMdp === 3, {
      ...common,
      detail: describeKeys(keys, 'appearance'),
    });
}

/** The facts every annotation change reports: where it is, what it is, which object. */
function annotationChange(
  a: AnnotationEntry,
  id: string,
): Pick<ModificationChange, 'page' | 'annotationType' | 'rect' | 'objects'> {
  return { page: a.page, annotationType: a.subtype ?? 'unknown', rect: a.rect, objects: [id] };
}

/** Step 4: every changed object no field explained, once for each role it plays. */
async function classifyChangedObjects(
  input: UpdateInput,
  out: ChangeList,
  explained: ReadonlySet<number>,
  contentChangedPages: Set<number>,
): Promise<void> {
  for (const c of input.changed) {
    if (explained.has(c.num)) continue;
    const objects = [`${c.num} 0`];
    for (const role of rolesOf(input, c.num)) {
      await classifyObjectRole(input, out, c, role, objects, contentChangedPages);
    }
  }
}

async function classifyObjectRole(
  input: UpdateInput,
  out: ChangeList,
  c: ChangedObject,
  role: ObjectRole,
  objects: string[],
  contentChangedPages: Set<number>,
): Promise<void> {
  switch (role.kind) {
    case 'page':
      await classifyPageDict(input, out, c, role.page, objects, contentChangedPages);
      break;
    case 'page-content':
      contentChangedPages.add(role.page);
      out.add('page-content-changed', false, { page: role.page, objects });
      break;
    case 'page-resources':
      contentChangedPages.add(role.page);
      out.add('page-resources-changed', false, { page: role.page, objects });
      break;
    case 'catalog':
      await classifyCatalog(c, input.prev, input.next, out);
      break;
    case 'acroform':
      await classifyAcroForm(input, out, c, objects);
      break;
    case 'acroform-resources':
      out.add('acroform-changed', true, { objects, detail: 'default resources (/DR)' });
      break;
    case 'signature-dict':
      if (input.rolesPrev.roles.get(c.num)?.some((r) => r.kind === 'signature-dict')) {
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
    // Handled by the page-list, field and annotation steps.
    case 'pages-node':
    case 'annotation':
    case 'appearance':
    case 'field':
    case 'field-value':
      break;
  }
}

/** A page dictionary whose keys changed: actions, content, resources or other visual properties. */
async function classifyPageDict(
  input: UpdateInput,
  out: ChangeList,
  c: ChangedObject,
  page: number,
  objects: string[],
  contentChangedPages: Set<number>,
): Promise<void> {
  if (!(c.before instanceof PdfDict) || !(c.after instanceof PdfDict)) return;
  for (const key of await changedKeys(c.before, c.after, input.prev, input.next)) {
    if (PAGE_HARMLESS_KEYS.has(key)) continue;
    contentChangedPages.add(page);
    if (key === 'AA') out.add('action-added', false, { page, objects, detail: 'page actions (/AA)' });
    else if (PAGE_CONTENT_KEYS.has(key))
      out.add('page-content-changed', false, { page, objects, detail: '/Contents' });
    else if (PAGE_RESOURCE_KEYS.has(key))
      out.add('page-resources-changed', false, { page, objects, detail: `/${key}` });
    else out.add('page-properties-changed', false, { page, objects, detail: `/${key}` });
  }
}

/** The AcroForm dictionary: keys a signer or form filler updates are allowed, any other key is not. */
async function classifyAcroForm(
  input: UpdateInput,
  out: ChangeList,
  c: ChangedObject,
  objects: string[],
): Promise<void> {
  const keys =
    c.before instanceof PdfDict && c.after instanceof PdfDict
      ? await changedKeys(c.before, c.after, input.prev, input.next)
      : [];
  const bad = keys.filter((k) => !ACROFORM_ALLOWED_KEYS.has(k));
  if (bad.length > 0)
    out.add('acroform-changed', false, { objects, detail: `changed keys: ${bad.join(', ')}` });
  else if (keys.some((k) => k !== 'Fields'))
    out.add('acroform-changed', true, { objects, detail: keys.join(', ') });
}

/** Step 5: changes not compared because a limit was reached are treated as disallowed. */
function flagTruncatedAnalysis(input: UpdateInput, out: ChangeList): void {
  if (input.truncated || input.rolesNext.truncated) {
    out.add('other-object-changed', false, {
      detail: 'analysis limit reached: remaining changes not examined',
    });
  }
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
    extra: Omit<ModificationChange, 'revision' | 'kind' | 'category' | 'allowed'> = {},
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
    const change: ModificationChange = {
      revision: this.revision,
      kind,
      category: changeCategory(kind),
      allowed,
      ...stripUndefined(extra),
    };
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
    return await listFormFields(reader, { includeUnlisted: true });
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
