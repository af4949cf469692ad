import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DocumentTypeCategory = 'administrative' | 'letter' | 'copy';

/** A Decree 30 document type (seeded by migration): `quyet-dinh` → `QĐ`, `cong-van` → no abbreviation. */
@Entity('document_types')
export class DocumentType {
  @PrimaryColumn({ type: 'varchar', length: 30 })
  code: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  abbreviation: string | null;

  @Column({ name: 'name_vi', type: 'varchar', length: 100 })
  nameVi: string;

  @Column({ name: 'name_en', type: 'varchar', length: 100 })
  nameEn: string;

  @Column({ type: 'varchar', length: 20 })
  category: DocumentTypeCategory;

  @Column({ name: 'sort_order', type: 'integer' })
  sortOrder: number;
}
