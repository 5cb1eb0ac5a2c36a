import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { AuditService } from '../audit/audit.service.js';
import { isPermissionKey, type PermissionScope } from './permission-registry.js';
import { assertCanAssign, assertCanGrant, assertCanManage, currentOrgId } from './rank-rules.js';
import { toRoleResponse, type CreateRoleDto, type PermissionDto, type RoleDto, type RoleGrantDto, type UpdateRoleDto } from './rbac.dto.js';
import { RolesRepository, type AssignableRole, type Db } from './roles.repository.js';

/** "Press officer (EN)" → "PRESS_OFFICER_EN": the stable identifier of a custom role. */
export function roleCodeFromName(name: string): string {
  const code = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50)
    .replace(/_+$/, '');
  return code || 'CUSTOM';
}

@Injectable()
export class RolesService {
  constructor(
    @Inject(RolesRepository) private readonly roles: RolesRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async listPermissions(_auth: AuthContext): Promise<PermissionDto[]> {
    return this.roles.listPermissions();
  }

  async list(auth: AuthContext): Promise<RoleDto[]> {
    const rows = await this.roles.listRoles(currentOrgId(auth));
    return rows.map(toRoleResponse);
  }

  async get(auth: AuthContext, id: string): Promise<RoleDto> {
    const role = await this.roles.findRole(currentOrgId(auth), id);
    if (!role) throw AppException.notFound('Role');
    return toRoleResponse(role);
  }

  /** For users and invitations: a system role or one of the organisation's own (another org's role is a 404). */
  async assignableRole(auth: AuthContext, roleId: string): Promise<AssignableRole> {
    const role = await this.roles.findAssignable(currentOrgId(auth), roleId);
    if (!role) throw AppException.notFound('Role');
    return role;
  }

  async create(auth: AuthContext, dto: CreateRoleDto): Promise<RoleDto> {
    const orgId = currentOrgId(auth);
    assertCanAssign(auth, dto.rank);
    const grants = this.checkGrants(auth, dto.permissions);
    const code = roleCodeFromName(dto.name);
    return this.roles.transaction(async (tx) => {
      if (await this.roles.codeTaken(orgId, code, tx)) throw AppException.conflict(ErrorCode.ROLE_NAME_TAKEN, `A role with the code ${code} already exists.`, { roleCode: code });
      const id = await this.roles.create(tx, orgId, { code, name: dto.name, description: dto.description ?? null, rank: dto.rank, grants });
      await this.audit.record(auth, { action: 'role.created', targetType: 'role', targetId: id, metadata: { code, rank: dto.rank, permissions: grants } }, tx);
      return toRoleResponse((await this.roles.findRole(orgId, id, tx))!);
    });
  }

  async update(auth: AuthContext, id: string, dto: UpdateRoleDto): Promise<RoleDto> {
    const orgId = currentOrgId(auth);
    return this.roles.transaction(async (tx) => {
      const role = await this.editableRole(auth, orgId, id, tx);
      if (dto.rank !== undefined) assertCanAssign(auth, dto.rank);
      const grants = dto.permissions ? this.checkGrants(auth, dto.permissions) : undefined;
      await this.roles.update(tx, id, { name: dto.name, description: dto.description, rank: dto.rank, grants });
      await this.audit.record(
        auth,
        {
          action: 'role.updated',
          targetType: 'role',
          targetId: id,
          metadata: { code: role.code, changes: { name: dto.name, description: dto.description, rank: dto.rank, permissions: grants } },
        },
        tx,
      );
      return toRoleResponse((await this.roles.findRole(orgId, id, tx))!);
    });
  }

  async remove(auth: AuthContext, id: string): Promise<void> {
    const orgId = currentOrgId(auth);
    await this.roles.transaction(async (tx) => {
      const role = await this.editableRole(auth, orgId, id, tx);
      const usage = await this.roles.usage(tx, id);
      if (usage.memberships > 0 || usage.pendingInvitations > 0) {
        throw AppException.conflict(ErrorCode.ROLE_IN_USE, 'Move its members and pending invitations to another role first.', usage);
      }
      await this.roles.delete(tx, id);
      await this.audit.record(auth, { action: 'role.deleted', targetType: 'role', targetId: id, metadata: { code: role.code, name: role.name } }, tx);
    });
  }

  private async editableRole(auth: AuthContext, orgId: string, id: string, tx: Db) {
    const role = await this.roles.findRole(orgId, id, tx);
    if (!role) throw AppException.notFound('Role');
    if (role.isSystem || role.orgId === null) throw AppException.forbidden(ErrorCode.SYSTEM_ROLE_READ_ONLY, 'System roles cannot be changed.');
    assertCanManage(auth, role.rank, 'a role');
    return role;
  }

  private checkGrants(auth: AuthContext, grants: RoleGrantDto[]): Array<{ key: string; scope: PermissionScope }> {
    const unknown = grants.filter((grant) => !isPermissionKey(grant.key)).map((grant) => grant.key);
    if (unknown.length) {
      throw AppException.badRequest(
        ErrorCode.UNKNOWN_PERMISSION,
        `Unknown permission: ${unknown.join(', ')}.`,
        unknown.map((key) => ({ field: 'permissions', code: 'unknownPermission', message: `${key} is not a permission` })),
      );
    }
    const byKey = new Map<string, PermissionScope>();
    for (const grant of grants) {
      if (!isPermissionKey(grant.key)) continue;
      assertCanGrant(auth, grant.key, grant.scope);
      byKey.set(grant.key, grant.scope);
    }
    return [...byKey].map(([key, scope]) => ({ key, scope }));
  }
}
