import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { AuditService } from '../audit/audit.service.js';
import { PasswordService } from '../auth/password.service.js';
import { currentOrgId } from '../rbac/rank-rules.js';
import {
  toOrganizationResponse,
  type CreatedOrganizationDto,
  type CreateOrganizationDto,
  type ListOrganizationsQueryDto,
  type OrganizationDto,
  type OrganizationPageDto,
  type UpdateOrganizationDto,
} from './organizations.dto.js';
import { OrganizationsRepository, type Db } from './organizations.repository.js';

/** "Démo Événements 2026" → "demo-evenements-2026". */
export function slugFromName(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : `org-${slug || 'new'}`;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

@Injectable()
export class OrganizationsService {
  constructor(
    @Inject(OrganizationsRepository) private readonly organizations: OrganizationsRepository,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /**
   * Platform only. The first ADMIN is always a NEW account: an email that already has one is a
   * 409 EMAIL_TAKEN rather than a silent attachment (that person joins through an invitation).
   */
  async create(auth: AuthContext, dto: CreateOrganizationDto): Promise<CreatedOrganizationDto> {
    if (!auth.isSuperAdmin) throw AppException.forbidden(ErrorCode.FORBIDDEN, 'Only platform administrators create organisations.');
    this.passwords.assertStrong(dto.admin.password, 'admin.password');
    const passwordHash = await this.passwords.hash(dto.admin.password);
    try {
      return await this.organizations.transaction(async (tx) => {
        if (await this.organizations.emailTaken(dto.admin.email, tx)) throw this.emailTaken();
        const slug = dto.slug ?? (await this.freeSlug(slugFromName(dto.name), tx));
        if (dto.slug && (await this.organizations.slugTaken(dto.slug, tx))) throw this.slugTaken(dto.slug);
        const { organization, admin } = await this.organizations.createWithAdmin(tx, {
          name: dto.name,
          slug,
          timezone: dto.timezone,
          locale: dto.locale,
          admin: { email: dto.admin.email, passwordHash, firstName: dto.admin.firstName, lastName: dto.admin.lastName, locale: dto.locale },
        });
        await this.audit.record(
          auth,
          { orgId: organization.id, action: 'organization.created', targetType: 'organization', targetId: organization.id, metadata: { slug, adminUserId: admin.id, adminEmail: admin.email } },
          tx,
        );
        return { ...toOrganizationResponse(organization), admin };
      });
    } catch (error) {
      // Lost a race with a concurrent request: say which unique value collided.
      if (!isUniqueViolation(error)) throw error;
      if (await this.organizations.emailTaken(dto.admin.email)) throw this.emailTaken();
      throw this.slugTaken(dto.slug ?? slugFromName(dto.name));
    }
  }

  async list(auth: AuthContext, query: ListOrganizationsQueryDto): Promise<OrganizationPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const skip = (page - 1) * pageSize;
    if (auth.isSuperAdmin) {
      const { rows, total } = await this.organizations.listAll(skip, pageSize);
      const roles = new Map((await this.organizations.rolesOf(auth.userId, rows.map((row) => row.id))).map((entry) => [entry.orgId, entry.role]));
      return { items: rows.map((row) => ({ ...toOrganizationResponse(row), role: roles.get(row.id) ?? null })), total, page, pageSize };
    }
    const { rows, total } = await this.organizations.listForUser(auth.userId, skip, pageSize);
    return { items: rows.map((row) => ({ ...toOrganizationResponse(row.organization), role: row.role })), total, page, pageSize };
  }

  async current(auth: AuthContext): Promise<OrganizationDto> {
    const organization = await this.organizations.findById(currentOrgId(auth));
    if (!organization) throw AppException.notFound('Organisation');
    return toOrganizationResponse(organization);
  }

  async updateCurrent(auth: AuthContext, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    const orgId = currentOrgId(auth);
    return this.organizations.transaction(async (tx) => {
      const before = await this.organizations.findById(orgId, tx);
      if (!before) throw AppException.notFound('Organisation');
      const updated = await this.organizations.update(tx, orgId, { name: dto.name, timezone: dto.timezone, locale: dto.locale });
      const changes = Object.fromEntries(
        (['name', 'timezone', 'locale'] as const).filter((field) => dto[field] !== undefined && dto[field] !== before[field]).map((field) => [field, { from: before[field], to: dto[field] }]),
      );
      await this.audit.record(auth, { action: 'organization.updated', targetType: 'organization', targetId: orgId, metadata: { changes } }, tx);
      return toOrganizationResponse(updated);
    });
  }

  private async freeSlug(base: string, tx: Db): Promise<string> {
    const taken = new Set(await this.organizations.slugsLike(base, tx));
    if (!taken.has(base)) return base;
    for (let suffix = 2; ; suffix++) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
  }

  private emailTaken() {
    return AppException.conflict(ErrorCode.EMAIL_TAKEN, 'An account with this email already exists: invite that person to the organisation instead.');
  }

  private slugTaken(slug: string) {
    return AppException.conflict(ErrorCode.SLUG_TAKEN, `The slug ${slug} is already used by another organisation.`, { slug });
  }
}
