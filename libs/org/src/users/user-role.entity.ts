import { Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../access/role';

/** One role held by one user; a user may hold several. */
@Entity('user_roles')
export class UserRole {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  role: Role;
}
