import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '@kyso/database';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** null only for the system administrator. */
  @Column({ name: 'organisation_id', type: 'varchar', length: 36, nullable: true })
  organisationId: string | null;

  @Column({ name: 'unit_id', type: 'varchar', length: 36, nullable: true })
  unitId: string | null;

  @Column({ type: 'varchar', length: 100 })
  username: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName: string;

  /** Chức vụ printed under a signature, e.g. `Chủ tịch`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  /** `scrypt$N$r$p$salt$hash`; never leaves the service. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200, select: false })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt: Date;
}
