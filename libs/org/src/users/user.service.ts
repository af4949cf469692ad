import { randomUUID } from 'node:crypto';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { type Actor, isSystemAdmin, organisationOf, requireRole } from '../access/actor';
import { isRole, Role } from '../access/role';
import { type AuditRecorder, SYSTEM_CHAIN, auditEvent } from '../audit-recorder';
import type { Clock } from '../clock';
import { OrgError, OrgErrorCode } from '../org.exception';
import { Organisation } from '../organisations/organisation.entity';
import { isUniqueViolation, readOnly, type TransactionRunner, unitOfWork } from '@kyso/database';
import { OrgUnit } from '../units/unit.entity';
import { hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from './password-hasher';
import { UserRole } from './user-role.entity';
import { User } from './user.entity';

/** A user as the rest of the system sees it: never with the password hash. */
export interface UserView {
  id: string;
  organisationId: string | null;
  unitId: string | null;
  username: string;
  fullName: string;
  title: string | null;
  roles: Role[];
  active: boolean;
  createdAt: Date;
}

export interface CreateUserInput {
  organisationId?: string;
  unitId?: string | null;
  username: string;
  fullName: string;
  title?: string | null;
  password: string;
  roles: Role[];
}

export interface UpdateUserInput {
  unitId?: string | null;
  fullName?: string;
  title?: string | null;
  password?: string;
  roles?: Role[];
  active?: boolean;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,99}$/;
export const MIN_PASSWORD_LENGTH = 8;

/**
 * Users and their roles. An organisation's admin manages its members; the system administrator (an admin without an
 * organisation, created from KYSO_BOOTSTRAP_ADMIN) creates organisations and their first admins.
 */
export class UserService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  async create(actor: Actor, input: CreateUserInput): Promise<UserView> {
    requireRole(actor, Role.ADMIN);
    const organisationId = organisationOf(actor, input.organisationId);
    checkUser({
      username: input.username,
      fullName: input.fullName,
      password: input.password,
      roles: input.roles,
    });
    const passwordHash = await hashPassword(input.password);
    const now = this.clock.now();
    const user: User = {
      id: randomUUID(),
      organisationId,
      unitId: input.unitId ?? null,
      username: input.username,
      fullName: input.fullName.trim(),
      title: input.title?.trim() || null,
      passwordHash,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
    return unitOfWork(this.ds, undefined, async (tx) => {
      if (!(await tx.exists(Organisation, { where: { id: organisationId } })))
        throw new OrgError(OrgErrorCode.ORGANISATION_NOT_FOUND);
      if (user.unitId) await this.requireUnit(tx, organisationId, user.unitId);
      try {
        await tx.insert(User, user);
      } catch (err) {
        if (isUniqueViolation(err)) throw new OrgError(OrgErrorCode.USERNAME_EXISTS);
        throw err;
      }
      const roles = unique(input.roles);
      await tx.insert(
        UserRole,
        roles.map((role) => ({ userId: user.id, role })),
      );
      await this.audit.record(
        tx,
        auditEvent('user.created', {
          chain: organisationId,
          actor: actor.userId,
          entity: { type: 'user', id: user.id },
          data: { username: user.username, roles },
        }),
        now,
      );
      return view(user, roles);
    });
  }

  list(actor: Actor, organisationId?: string): Promise<UserView[]> {
    const orgId = organisationOf(actor, organisationId);
    return readOnly(this.ds, async (tx) => {
      const users = await tx.find(User, { where: { organisationId: orgId }, order: { username: 'ASC' } });
      return this.withRoles(tx, users);
    });
  }

  get(actor: Actor, id: string): Promise<UserView> {
    return readOnly(this.ds, async (tx) => {
      const user = await this.requireVisible(tx, actor, id);
      return (await this.withRoles(tx, [user]))[0];
    });
  }

  async update(actor: Actor, id: string, patch: UpdateUserInput): Promise<UserView> {
    requireRole(actor, Role.ADMIN);
    if (patch.roles) checkRoles(patch.roles);
    if (patch.password !== undefined && patch.password.length < MIN_PASSWORD_LENGTH) {
      throw new OrgError(OrgErrorCode.INVALID_INPUT, { fields: ['password'], reason: 'password' });
    }
    const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
    return unitOfWork(this.ds, undefined, async (tx) => {
      const user = await this.requireVisible(tx, actor, id);
      if (patch.unitId && user.organisationId) await this.requireUnit(tx, user.organisationId, patch.unitId);
      const now = this.clock.now();
      const changes: Partial<User> = { updatedAt: now };
      if (patch.unitId !== undefined) changes.unitId = patch.unitId;
      if (patch.fullName !== undefined) changes.fullName = patch.fullName.trim();
      if (patch.title !== undefined) changes.title = patch.title?.trim() || null;
      if (patch.active !== undefined) changes.active = patch.active;
      if (passwordHash) changes.passwordHash = passwordHash;
      await tx.update(User, { id }, changes);
      if (patch.roles) {
        await tx.delete(UserRole, { userId: id });
        await tx.insert(
          UserRole,
          unique(patch.roles).map((role) => ({ userId: id, role })),
        );
      }
      const data = { ...patch, password: patch.password === undefined ? undefined : '[changed]' };
      await this.audit.record(
        tx,
        auditEvent('user.updated', {
          chain: user.organisationId ?? SYSTEM_CHAIN,
          actor: actor.userId,
          entity: { type: 'user', id: id },
          data,
        }),
        now,
      );
      const updated = await tx.findOneOrFail(User, { where: { id } });
      return (await this.withRoles(tx, [updated]))[0];
    });
  }

  /**
   * Checks a user name and password. Unknown users cost the same scrypt work as known ones, and the answer is the
   * same, so that neither timing nor message tells which user names exist.
   */
  async authenticate(username: string, password: string): Promise<UserView> {
    const found = await readOnly(this.ds, (tx) =>
      tx
        .createQueryBuilder(User, 'u')
        .addSelect('u.passwordHash')
        .where('u.username = :username', { username })
        .getOne(),
    );
    const ok = await verifyPassword(password, found?.passwordHash ?? UNUSABLE_PASSWORD_HASH);
    if (!found || !ok || !found.active) {
      if (found) {
        await unitOfWork(this.ds, undefined, (tx) =>
          this.audit.record(
            tx,
            auditEvent('auth.login-failed', {
              chain: found.organisationId ?? SYSTEM_CHAIN,
              actor: found.id,
              entity: { type: 'user', id: found.id },
            }),
            this.clock.now(),
          ),
        );
      }
      throw new OrgError(OrgErrorCode.INVALID_CREDENTIALS);
    }
    return unitOfWork(this.ds, undefined, async (tx) => {
      await this.audit.record(
        tx,
        auditEvent('auth.login', {
          chain: found.organisationId ?? SYSTEM_CHAIN,
          actor: found.id,
          entity: { type: 'user', id: found.id },
        }),
        this.clock.now(),
      );
      return (await this.withRoles(tx, [found]))[0];
    });
  }

  /**
   * Creates the system administrator from configuration when the database has no user at all, so that a fresh
   * installation can be administered; does nothing otherwise (the setting is then ignored, not re-applied).
   * Processes started together call it one after the other, each with `outer` on the start-up lock's connection.
   */
  async bootstrapAdmin(
    admin: { username: string; password: string },
    outer?: TransactionRunner,
  ): Promise<UserView | null> {
    const passwordHash = await hashPassword(admin.password);
    const now = this.clock.now();
    return unitOfWork(this.ds, outer, async (tx) => {
      if ((await tx.count(User)) > 0) return null;
      const user: User = {
        id: randomUUID(),
        organisationId: null,
        unitId: null,
        username: admin.username,
        fullName: 'Quản trị hệ thống',
        title: null,
        passwordHash,
        active: true,
        createdAt: now,
        updatedAt: now,
      };
      await tx.insert(User, user);
      await tx.insert(UserRole, { userId: user.id, role: Role.ADMIN });
      await this.audit.record(
        tx,
        auditEvent('user.bootstrapped', {
          chain: SYSTEM_CHAIN,
          actor: null,
          entity: { type: 'user', id: user.id },
          data: { username: user.username },
        }),
        now,
      );
      return view(user, [Role.ADMIN]);
    });
  }

  /** For other domain services: an active member of the organisation, with roles. */
  async requireMember(em: EntityManager, organisationId: string, id: string): Promise<UserView> {
    const user = await em.findOne(User, { where: { id, organisationId } });
    if (!user) throw new OrgError(OrgErrorCode.USER_NOT_FOUND, { id });
    return (await this.withRoles(em, [user]))[0];
  }

  private async requireVisible(em: EntityManager, actor: Actor, id: string): Promise<User> {
    const user = await em.findOne(User, { where: { id } });
    if (!user || (!isSystemAdmin(actor) && user.organisationId !== actor.organisationId))
      throw new OrgError(OrgErrorCode.USER_NOT_FOUND, { id });
    return user;
  }

  private async requireUnit(em: EntityManager, organisationId: string, unitId: string): Promise<void> {
    if (!(await em.exists(OrgUnit, { where: { id: unitId, organisationId } })))
      throw new OrgError(OrgErrorCode.UNIT_NOT_FOUND, { id: unitId });
  }

  private async withRoles(em: EntityManager, users: User[]): Promise<UserView[]> {
    if (users.length === 0) return [];
    const roleRows = await em.find(UserRole, { where: { userId: In(users.map((u) => u.id)) } });
    return users.map((u) =>
      view(
        u,
        roleRows
          .filter((r) => r.userId === u.id)
          .map((r) => r.role)
          .sort(),
      ),
    );
  }
}

function view(u: User, roles: Role[]): UserView {
  return {
    id: u.id,
    organisationId: u.organisationId,
    unitId: u.unitId,
    username: u.username,
    fullName: u.fullName,
    title: u.title,
    roles,
    active: u.active,
    createdAt: u.createdAt,
  };
}

function unique(roles: Role[]): Role[] {
  return [...new Set(roles)].sort();
}

function checkRoles(roles: string[]): void {
  if (roles.length === 0 || !roles.every(isRole))
    throw new OrgError(OrgErrorCode.INVALID_INPUT, { fields: ['roles'], reason: 'roles' });
}

function checkUser(u: { username: string; fullName: string; password: string; roles: string[] }): void {
  const problems: string[] = [];
  if (!USERNAME_PATTERN.test(u.username)) problems.push('username');
  if (!u.fullName.trim()) problems.push('fullName');
  if (u.password.length < MIN_PASSWORD_LENGTH) problems.push('password');
  if (u.roles.length === 0 || !u.roles.every(isRole)) problems.push('roles');
  if (problems.length)
    throw new OrgError(OrgErrorCode.INVALID_INPUT, { fields: problems, reason: problems.join(', ') });
}
