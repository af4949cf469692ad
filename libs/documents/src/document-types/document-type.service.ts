import type { DataSource, EntityManager } from 'typeorm';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { DocumentType } from './document-type.entity';

/**
 * The document types. They change only through migrations, so they are read once and kept in memory: numbering and
 * exports look them up on every call without a query.
 */
export class DocumentTypeService {
  private cache?: Promise<Map<string, DocumentType>>;

  constructor(private readonly ds: DataSource) {}

  async list(): Promise<DocumentType[]> {
    return [...(await this.all()).values()].sort((a, b) => a.sortOrder - b.sortOrder);
  }

  /** Pass the transaction you are in: the first load must not wait for a second pooled connection. */
  async require(code: string, em?: EntityManager): Promise<DocumentType> {
    const type = (await this.all(em)).get(code);
    if (!type) throw new DocumentsError(DocumentsErrorCode.DOCUMENT_TYPE_NOT_FOUND, { code });
    return type;
  }

  /** Name of a type in the given language, for exports. */
  async nameOf(code: string, lang: 'vi' | 'en', em?: EntityManager): Promise<string> {
    const type = (await this.all(em)).get(code);
    return type ? (lang === 'en' ? type.nameEn : type.nameVi) : code;
  }

  private all(em?: EntityManager): Promise<Map<string, DocumentType>> {
    this.cache ??= (em ?? this.ds.manager)
      .find(DocumentType)
      .then((types) => new Map(types.map((t) => [t.code, t])))
      .catch((err) => {
        this.cache = undefined;
        throw err;
      });
    return this.cache;
  }
}
