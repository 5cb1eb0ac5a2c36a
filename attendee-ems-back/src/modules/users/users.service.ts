import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { AuditService } from '../audit/audit.service.js';
import { assertCanAssign, assertCanManage, currentOrgId } from '../rbac/rank-rules.js';
import { RolesService } from '../rbac/roles.service.js';
import { toUserResponse, type ChangeRoleDto, type ListUsersQueryDto, type UserDto, type UserPageDto } from './users.dto.js';
import { UsersRepository, type Db } from './users.repository.js';

const ADMIN_ROLE_CODE = 'ADMIN';
const isSystemAdmin = (role: { code: string; orgId: string | null }) => role.code === ADMIN_ROLE_CODE && role.orgId === null;

@Injectable()
export class UsersService {
  constructor(
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(RolesService) private readonly roles: RolesService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(auth: AuthContext, query: ListUsersQueryDto): Promise<UserPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.users.list(currentOrgId(auth), { search: query.search, skip: (page - 1) * pageSize, take: pageSize });
    return { items: rows.map(toUserResponse), total, page, pageSize };
  }

  async get(auth: AuthContext, userId: string): Promise<UserDto> {
    const member = await this.users.findMember(currentOrgId(auth), userId);
    if (!member) throw AppException.notFound('User');
    return toUserResponse(member);
  }

  async changeRole(auth: AuthContext, userId: string, dto: ChangeRoleDto): Promise<UserDto> {
    const orgId = currentOrgId(auth);
    if (userId === auth.userId) throw AppException.forbidden(ErrorCode.CANNOT_CHANGE_OWN_ROLE, 'Nobody changes their own role.');
    const role = await this.roles.assignableRole(auth, dto.roleId);
    return this.users.transaction(async (tx) => {
      await this.users.lockOrganization(tx, orgId);
      const member = await this.users.findMember(orgId, userId, tx);
      if (!member) throw AppException.notFound('User');
      assertCanManage(auth, member.role.rank, 'this member');
      assertCanAssign(auth, role.rank);
      if (member.role.id === role.id) return toUserResponse(member);
      if (isSystemAdmin(member.role) && !isSystemAdmin(role) && member.isActive && member.user.isActive) {
        await this.assertAnotherAdmin(tx, orgId, userId);
      }
      await this.users.setRole(tx, member.id, role.id);
      await this.audit.record(
        auth,
        { action: 'user.role_changed', targetType: 'user', targetId: userId, metadata: { from: member.role.code, to: role.code, fromRoleId: member.role.id, toRoleId: role.id } },
        tx,
      );
      return toUserResponse({ ...member, role });
    });
  }

  async deactivate(auth: AuthContext, userId: string): Promise<UserDto> {
    const orgId = currentOrgId(auth);
    if (userId === auth.userId) throw AppException.forbidden(ErrorCode.CANNOT_DEACTIVATE_SELF, 'You cannot deactivate yourself.');
    return this.users.transaction(async (tx) => {
      await this.users.lockOrganization(tx, orgId);
      const member = await this.users.findMember(orgId, userId, tx);
      if (!member) throw AppException.notFound('User');
      assertCanManage(auth, member.role.rank, 'this member');
      if (isSystemAdmin(member.role) && member.isActive && member.user.isActive) await this.assertAnotherAdmin(tx, orgId, userId);
      if (member.isActive) await this.users.setActive(tx, member.id, false);
      // Revoke even when already inactive: a session minted before is never legitimate.
      const revokedSessions = await this.users.revokeSessions(tx, userId, orgId);
      await this.audit.record(auth, { action: 'user.deactivated', targetType: 'user', targetId: userId, metadata: { role: member.role.code, revokedSessions } }, tx);
      return toUserResponse({ ...member, isActive: false });
    });
  }

  async reactivate(auth: AuthContext, userId: string): Promise<UserDto> {
    const orgId = currentOrgId(auth);
    if (userId === auth.userId) throw AppException.forbidden(ErrorCode.CANNOT_DEACTIVATE_SELF, 'You cannot reactivate yourself.');
    return this.users.transaction(async (tx) => {
      const member = await this.users.findMember(orgId, userId, tx);
      if (!member) throw AppException.notFound('User');
      assertCanManage(auth, member.role.rank, 'this member');
      if (!member.isActive) {
        await this.users.setActive(tx, member.id, true);
        await this.audit.record(auth, { action: 'user.reactivated', targetType: 'user', targetId: userId, metadata: { role: member.role.code } }, tx);
      }
      return toUserResponse({ ...member, isActive: true });
    });
  }

  private async assertAnotherAdmin(tx: Db, orgId: string, userId: string) {
    if ((await this.users.countActiveAdmins(tx, orgId, userId)) === 0) {
      throw AppException.conflict(ErrorCode.LAST_ADMIN, 'The organisation must keep at least one active administrator.');
    }
  }
}
