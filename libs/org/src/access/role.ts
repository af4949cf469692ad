/**
 * What a user may do. A user may hold several roles; the system administrator is an `admin` without an organisation.
 * - admin: manages the organisation's units, users and registers (or, without an organisation, all organisations)
 * - clerk (văn thư): registers incoming documents, issues numbers, seals and dispatches outgoing ones
 * - leader (lãnh đạo): reviews and signs, assigns incoming documents
 * - officer (chuyên viên): drafts, handles what is assigned to them or their unit
 */
export enum Role {
  ADMIN = 'admin',
  CLERK = 'clerk',
  LEADER = 'leader',
  OFFICER = 'officer',
}

export const ALL_ROLES: readonly Role[] = [Role.ADMIN, Role.CLERK, Role.LEADER, Role.OFFICER];

export function isRole(value: string): value is Role {
  return (ALL_ROLES as readonly string[]).includes(value);
}
