import {
  decodeTextString,
  listPages,
  PdfDict,
  PdfName,
  type PdfObject,
  type PdfReader,
  PdfRef,
  PdfStream,
  PdfString,
} from '@kyso/pdf';

/**
 * What an indirect object is *for* in one revision, found by walking the document from its catalog.
 * Modification analysis classifies a changed object by these roles: a changed object that is part of a
 * page's content is a content change wherever it was written, which is how "shadow attacks" that
 * overwrite a referenced XObject or font are caught.
 */
export type ObjectRole =
  | { readonly kind: 'catalog' }
  | { readonly kind: 'info' }
  | { readonly kind: 'pages-node' }
  | { readonly kind: 'page'; readonly page: number }
  | { readonly kind: 'page-content'; readonly page: number }
  | { readonly kind: 'page-resources'; readonly page: number }
  | { readonly kind: 'annotation'; readonly page: number; readonly annot: string }
  | { readonly kind: 'appearance'; readonly page: number; readonly annot: string }
  | { readonly kind: 'acroform' }
  | { readonly kind: 'acroform-resources' }
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'field-value'; readonly name: string }
  | { readonly kind: 'signature-dict'; readonly name: string }
  | { readonly kind: 'dss' }
  | { readonly kind: 'perms' }
  | { readonly kind: 'metadata' }
  | { readonly kind: 'structure' }
  | { readonly kind: 'outline' }
  | { readonly kind: 'harmless'; readonly key: string }
  | { readonly kind: 'active'; readonly key: string }
  | { readonly kind: 'other'; readonly key: string };

/** An annotation as listed in a page's /Annots. */
export interface AnnotationEntry {
  /** `12 0` for an indirect annotation, `p3#5` for a direct one (page 3, position 5). */
  readonly id: string;
  readonly ref?: PdfRef;
  readonly page: number;
  readonly dict: PdfDict;
  readonly subtype: string | undefined;
  readonly rect: readonly number[] | undefined;
  /** /F flags. */
  readonly flags: number;
}

export interface ObjectRoleMap {
  readonly roles: ReadonlyMap<number, readonly ObjectRole[]>;
  /** Page object numbers in document order (the page's ref, or -1 for a direct page, which is malformed). */
  readonly pages: readonly number[];
  readonly annotations: readonly AnnotationEntry[];
  /** The walk stopped at the object budget: objects not reached must be treated as unknown. */
  readonly truncated: boolean;
}

/** Catalog entries that do not change what a page shows nor run code. */
const HARMLESS_CATALOG_KEYS = new Set([
  'Version',
  'Extensions',
  'PageLabels',
  'PageLayout',
  'PageMode',
  'ViewerPreferences',
  'Lang',
  'MarkInfo',
  'Legal',
  'Threads',
  'SpiderInfo',
  'Type',
  'PieceInfo',
]);

/** Catalog entries that can run code or change what is displayed. */
const ACTIVE_CATALOG_KEYS = new Set([
  'OpenAction',
  'AA',
  'OCProperties',
  'URI',
  'Collection',
  'NeedsRendering',
  'AF',
]);

/** Name trees of /Names (ISO 32000-1 Table 31): which ones can run code or add content. */
export const NAME_TREE_KINDS: Readonly<Record<string, 'harmless' | 'active' | 'other'>> = {
  Dests: 'harmless',
  AP: 'harmless',
  IDS: 'harmless',
  URLS: 'harmless',
  JavaScript: 'active',
  AlternatePresentations: 'active',
  Renditions: 'active',
  EmbeddedFiles: 'other',
  Pages: 'other',
  Templates: 'other',
};

/** Keys that point back up the tree or sideways to pages: not followed when walking a sub-graph. */
const BACK_LINKS = new Set([
  'Parent',
  'P',
  'Pg',
  'Dest',
  'D',
  'Prev',
  'Next',
  'First',
  'Last',
  'Obj',
  'StmOwn',
  'Data',
]);

const MAX_ROLES_PER_OBJECT = 6;
const MAX_TREE_DEPTH = 64;

class RoleCollector {
  readonly roles = new Map<number, ObjectRole[]>();
  visits = 0;
  truncated = false;

  constructor(
    readonly reader: PdfReader,
    private readonly budget: number,
  ) {}

  /** Records a role; false when the object already had a role of the same kind (stop walking). */
  add(ref: PdfRef, role: ObjectRole): boolean {
    if (++this.visits > this.budget) {
      this.truncated = true;
      return false;
    }
    const list = this.roles.get(ref.num);
    if (!list) {
      this.roles.set(ref.num, [role]);
      return true;
    }
    if (list.some((r) => sameRole(r, role)) || list.length >= MAX_ROLES_PER_OBJECT) return false;
    list.push(role);
    return true;
  }

  has(num: number): boolean {
    return this.roles.has(num);
  }

  async resolve(value: PdfObject | undefined): Promise<PdfObject> {
    try {
      return await this.reader.resolve(value);
    } catch {
      return null;
    }
  }

  async dict(value: PdfObject | undefined): Promise<PdfDict | undefined> {
    const v = await this.resolve(value);
    if (v instanceof PdfStream) return v.dict;
    return v instanceof PdfDict ? v : undefined;
  }

  /**
   * Gives `role` to every indirect object reachable from `value` (not following back links, not entering
   * objects that already have a role of another family, e.g. a page reached from a structure element).
   */
  async deep(value: PdfObject | undefined, role: ObjectRole, stopAtOwned = false): Promise<void> {
    // Iterative, and awaiting only to load referenced objects: font width arrays hold tens of thousands
    // of numbers, and an await per element would cost more than the whole rest of the analysis.
    const stack: { value: PdfObject; depth: number }[] = value === undefined ? [] : [{ value, depth: 0 }];
    while (stack.length > 0 && !this.truncated) {
      const { value: v, depth } = stack.pop()!;
      if (depth > MAX_TREE_DEPTH) continue;
      if (v instanceof PdfRef) {
        if (stopAtOwned && this.has(v.num) && !this.roles.get(v.num)!.some((r) => r.kind === role.kind))
          continue;
        if (!this.add(v, role)) continue;
        stack.push({ value: await this.resolve(v), depth: depth + 1 });
      } else if (Array.isArray(v)) {
        for (const item of v) if (isContainer(item)) stack.push({ value: item, depth: depth + 1 });
      } else {
        const dict = v instanceof PdfStream ? v.dict : v instanceof PdfDict ? v : undefined;
        if (!dict) continue;
        for (const [key, item] of dict.entries()) {
          if (!BACK_LINKS.has(key) && isContainer(item)) stack.push({ value: item, depth: depth + 1 });
        }
      }
    }
  }
}

/** Values that may lead to other objects (everything else is a leaf and needs no visit). */
function isContainer(value: PdfObject): boolean {
  return (
    value instanceof PdfRef || Array.isArray(value) || value instanceof PdfDict || value instanceof PdfStream
  );
}

function sameRole(a: ObjectRole, b: ObjectRole): boolean {
  if (a.kind !== b.kind) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Walks one revision: catalog → page tree (content, resources, annotations and their appearances) →
 * AcroForm (fields, values, signature dictionaries, default resources) → DSS, /Perms, metadata,
 * structure tree, outlines and the remaining catalog entries. Bounded by `budget` object visits.
 */
export async function collectObjectRoles(reader: PdfReader, budget: number): Promise<ObjectRoleMap> {
  const c = new RoleCollector(reader, budget);
  const trailer = reader.trailer;
  const root = trailer.get('Root');
  if (root instanceof PdfRef) c.add(root, { kind: 'catalog' });
  const info = trailer.get('Info');
  if (info instanceof PdfRef) await c.deep(info, { kind: 'info' });
  const catalog = await c.dict(root);
  const pages: number[] = [];
  const annotations: AnnotationEntry[] = [];
  if (!catalog) return { roles: c.roles, pages, annotations, truncated: c.truncated };

  await walkPageTree(c, catalog.get('Pages'), pages, annotations);
  await walkAcroForm(c, catalog.get('AcroForm'));
  await walkUnlistedFields(c, annotations);

  for (const [key, value] of catalog.entries()) {
    if (key === 'Pages' || key === 'AcroForm') continue;
    if (key === 'DSS') await c.deep(value, { kind: 'dss' });
    else if (key === 'Perms') await walkPerms(c, value);
    else if (key === 'Metadata') await c.deep(value, { kind: 'metadata' });
    else if (key === 'StructTreeRoot') await c.deep(value, { kind: 'structure' }, true);
    else if (key === 'Outlines') await c.deep(value, { kind: 'outline' }, true);
    else if (key === 'Names') await walkNames(c, value);
    else if (HARMLESS_CATALOG_KEYS.has(key)) await c.deep(value, { kind: 'harmless', key }, true);
    else if (ACTIVE_CATALOG_KEYS.has(key)) await c.deep(value, { kind: 'active', key }, true);
    else await c.deep(value, { kind: 'other', key }, true);
  }
  return { roles: c.roles, pages, annotations, truncated: c.truncated };
}

/** What one page-tree walk carries along (module-level functions, not closures: see walkPageNode). */
interface PageWalk {
  readonly c: RoleCollector;
  readonly seen: Set<number>;
  readonly pages: number[];
  readonly annotations: AnnotationEntry[];
}

async function walkPageTree(
  c: RoleCollector,
  node: PdfObject | undefined,
  pages: number[],
  annotations: AnnotationEntry[],
) {
  await walkPageNode({ c, seen: new Set(), pages, annotations }, node, undefined, 0);
}

// A top-level function rather than a closure created per document: V8 optimises a closure per instance, so a
// recursive closure made for every document is compiled again for every batch of documents.
async function walkPageNode(
  w: PageWalk,
  value: PdfObject | undefined,
  inheritedResources: PdfObject | undefined,
  depth: number,
): Promise<void> {
  const { c, seen, pages } = w;
  if (!(value instanceof PdfRef) || depth > MAX_TREE_DEPTH || seen.has(value.num) || c.truncated) return;
  seen.add(value.num);
  const dict = await c.dict(value);
  if (!dict) return;
  const resources = dict.get('Resources') ?? inheritedResources;
  const kids = await c.resolve(dict.get('Kids'));
  if (dict.getName('Type') === 'Pages' || (Array.isArray(kids) && dict.getName('Type') !== 'Page')) {
    c.add(value, { kind: 'pages-node' });
    if (Array.isArray(kids)) for (const kid of kids) await walkPageNode(w, kid, resources, depth + 1);
    return;
  }
  const page = pages.length + 1;
  pages.push(value.num);
  c.add(value, { kind: 'page', page });
  await c.deep(dict.get('Contents'), { kind: 'page-content', page });
  await c.deep(resources, { kind: 'page-resources', page });
  for (const key of ['Group', 'Thumb', 'AA']) {
    if (dict.has(key))
      await c.deep(
        dict.get(key),
        key === 'AA' ? { kind: 'active', key: 'page AA' } : { kind: 'page-resources', page },
      );
  }
  const annots = await c.resolve(dict.get('Annots'));
  if (dict.get('Annots') instanceof PdfRef) c.add(dict.get('Annots') as PdfRef, { kind: 'page', page });
  if (!Array.isArray(annots)) return;
  for (let i = 0; i < annots.length; i++) await walkAnnotation(w, annots[i], page, i);
}

async function walkAnnotation(w: PageWalk, item: PdfObject, page: number, index: number): Promise<void> {
  const { c } = w;
  const annot = await c.dict(item);
  if (!annot) return;
  const id = item instanceof PdfRef ? item.key : `p${page}#${index}`;
  if (item instanceof PdfRef) c.add(item, { kind: 'annotation', page, annot: id });
  w.annotations.push({
    id,
    ref: item instanceof PdfRef ? item : undefined,
    page,
    dict: annot,
    subtype: annot.getName('Subtype'),
    rect: await numbers(c, annot.get('Rect')),
    flags: ((await c.resolve(annot.get('F'))) as number) | 0,
  });
  for (const key of ['AP', 'MK', 'BS', 'BE', 'RichMedia', 'IRT', 'Popup', 'A', 'AA']) {
    if (!annot.has(key)) continue;
    const role: ObjectRole =
      key === 'A' || key === 'AA'
        ? { kind: 'active', key: `annotation ${key}` }
        : { kind: 'appearance', page, annot: id };
    await c.deep(annot.get(key), role);
  }
}

async function numbers(c: RoleCollector, value: PdfObject | undefined): Promise<number[] | undefined> {
  const arr = await c.resolve(value);
  if (!Array.isArray(arr)) return undefined;
  const out: number[] = [];
  for (const item of arr) {
    const n = await c.resolve(item);
    if (typeof n !== 'number') return undefined;
    out.push(n);
  }
  return out;
}

async function walkAcroForm(c: RoleCollector, value: PdfObject | undefined) {
  if (value === undefined) return;
  if (value instanceof PdfRef) c.add(value, { kind: 'acroform' });
  const form = await c.dict(value);
  if (!form) return;
  await c.deep(form.get('DR'), { kind: 'acroform-resources' });
  if (form.has('XFA')) await c.deep(form.get('XFA'), { kind: 'active', key: 'XFA' });
  const fields = form.get('Fields');
  if (fields instanceof PdfRef) c.add(fields, { kind: 'acroform' });
  const roots = await c.resolve(fields);
  if (!Array.isArray(roots)) return;
  const seen = new Set<number>();
  for (const root of roots) await visitField(c, seen, root, undefined, undefined, 0);
}

async function visitField(
  c: RoleCollector,
  seen: Set<number>,
  item: PdfObject,
  parent: string | undefined,
  inheritedType: string | undefined,
  depth: number,
): Promise<void> {
  if (depth > MAX_TREE_DEPTH || c.truncated) return;
  if (item instanceof PdfRef) {
    if (seen.has(item.num)) return;
    seen.add(item.num);
  }
  const field = await c.dict(item);
  if (!field) return;
  const t = await c.resolve(field.get('T'));
  const partial = t instanceof PdfString ? decodeTextString(t.bytes) : '';
  const name = parent ? (partial ? `${parent}.${partial}` : parent) : partial;
  const type = field.getName('FT') ?? inheritedType;
  if (item instanceof PdfRef) c.add(item, { kind: 'field', name });
  const v = field.get('V');
  if (v !== undefined) {
    if (type === 'Sig') await c.deep(v, { kind: 'signature-dict', name });
    else await c.deep(v, { kind: 'field-value', name });
  }
  for (const key of ['DV', 'Lock', 'SV', 'AA', 'Opt', 'RV']) {
    if (field.has(key))
      await c.deep(
        field.get(key),
        key === 'AA' ? { kind: 'active', key: 'field AA' } : { kind: 'field-value', name },
      );
  }
  const kids = await c.resolve(field.get('Kids'));
  if (Array.isArray(kids)) for (const kid of kids) await visitField(c, seen, kid, name, type, depth + 1);
}

/**
 * Widgets that are complete fields (own /FT and /T) on a page's /Annots but not reached from /Fields (poppler
 * adds signatures that way): their values and signature dictionaries get the same roles as listed fields'.
 */
async function walkUnlistedFields(c: RoleCollector, annotations: readonly AnnotationEntry[]): Promise<void> {
  const seen = new Set<number>();
  for (const a of annotations) {
    if (c.truncated) return;
    if (!a.ref || !a.dict.has('FT') || !a.dict.has('T')) continue;
    if (c.roles.get(a.ref.num)?.some((r) => r.kind === 'field')) continue;
    await visitField(c, seen, a.ref, await ancestorName(c, a.dict), undefined, 0);
  }
}

/** The joined partial names of a field's /Parent chain, as `listFormFields` names unlisted fields. */
async function ancestorName(c: RoleCollector, dict: PdfDict): Promise<string | undefined> {
  const names: string[] = [];
  const seen = new Set<number>();
  let parent = dict.get('Parent');
  while (parent instanceof PdfRef && !seen.has(parent.num) && seen.size < MAX_TREE_DEPTH) {
    seen.add(parent.num);
    const p = await c.dict(parent);
    if (!p) break;
    const t = await c.resolve(p.get('T'));
    if (t instanceof PdfString) names.unshift(decodeTextString(t.bytes));
    parent = p.get('Parent');
  }
  const joined = names.filter((n) => n !== '').join('.');
  return joined === '' ? undefined : joined;
}

async function walkNames(c: RoleCollector, value: PdfObject | undefined) {
  if (value instanceof PdfRef) c.add(value, { kind: 'harmless', key: 'Names' });
  const names = await c.dict(value);
  if (!names) return;
  for (const [tree, root] of names.entries()) {
    const kind = NAME_TREE_KINDS[tree] ?? 'other';
    await c.deep(root, { kind, key: `Names/${tree}` }, true);
  }
}

async function walkPerms(c: RoleCollector, value: PdfObject | undefined) {
  if (value instanceof PdfRef) c.add(value, { kind: 'perms' });
  const perms = await c.dict(value);
  if (!perms) return;
  for (const [key, sig] of perms.entries())
    await c.deep(sig, { kind: 'signature-dict', name: `/Perms/${key}` });
}

/**
 * Only the annotations of each page (no content, resources or form walk): enough for page-level facts
 * of a revision nobody changed afterwards.
 */
export async function listAnnotations(reader: PdfReader): Promise<AnnotationEntry[]> {
  const c = new RoleCollector(reader, Number.MAX_SAFE_INTEGER);
  const out: AnnotationEntry[] = [];
  const pages = await listPages(reader);
  for (const page of pages) {
    const annots = await c.resolve(page.dict.get('Annots'));
    if (!Array.isArray(annots)) continue;
    for (let i = 0; i < annots.length; i++) {
      const annot = await c.dict(annots[i]);
      if (!annot) continue;
      out.push({
        id: annots[i] instanceof PdfRef ? (annots[i] as PdfRef).key : `p${page.index + 1}#${i}`,
        page: page.index + 1,
        dict: annot,
        subtype: annot.getName('Subtype'),
        rect: await numbers(c, annot.get('Rect')),
        flags: ((await c.resolve(annot.get('F'))) as number) | 0,
      });
    }
  }
  return out;
}

/** The /Subtype name of an annotation, for reports. */
export function annotationType(dict: PdfDict): string {
  const v = dict.get('Subtype');
  return v instanceof PdfName ? v.value : 'unknown';
}
