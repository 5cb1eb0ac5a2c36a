import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { MailService } from '../../infra/mail/mail.service.js';
import { AuditService } from '../audit/audit.service.js';
import { generateToken, hashInvitationToken } from '../auth/tokens.js';
import { assertCanInvite, currentOrgId } from '../rbac/rank-rules.js';
import { RolesService } from '../rbac/roles.service.js';
import { renderInvitationEmail } from './invitation-email.js';
import { invitationStatus, toInvitationResponse, type CreateInvitationDto, type InvitationDto, type InvitationListDto, type InvitationRow, type ListInvitationsQueryDto } from './invitations.dto.js';
import { InvitationsRepository, type Db } from './invitations.repository.js';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

@Injectable()
export class InvitationsService {
  constructor(
    @Inject(InvitationsRepository) private readonly invitations: InvitationsRepository,
    @Inject(RolesService) private readonly roles: RolesService,
    @Inject(MailService) private readonly mail: MailService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(auth: AuthContext, query: ListInvitationsQueryDto): Promise<InvitationListDto> {
    const rows = await this.invitations.list(currentOrgId(auth), query.status);
    return { items: rows.map(toInvitationResponse) };
  }

  /**
   * Inviting an email that already has an open invitation in the organisation REPLACES it: the old
   * one is cancelled (its link stops working) and a new one is issued with the requested role.
   */
  async create(auth: AuthContext, dto: CreateInvitationDto): Promise<InvitationDto> {
    const orgId = currentOrgId(auth);
    const role = await this.roles.assignableRole(auth, dto.roleId);
    assertCanInvite(auth, role.rank);
    return this.invitations.transaction(async (tx) => {
      await this.invitations.lockEmail(tx, orgId, dto.email);
      await this.assertNotMember(tx, orgId, dto.email);
      const replaced = await this.invitations.cancelOpen(tx, orgId, dto.email);
      const token = generateToken();
      const invitation = await this.invitations.create(tx, {
        orgId,
        email: dto.email,
        roleId: role.id,
        tokenHash: hashInvitationToken(token),
        invitedById: auth.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      });
      await this.sendEmail(tx, auth, orgId, invitation, token);
      await this.audit.record(
        auth,
        { action: 'invitation.created', targetType: 'invitation', targetId: invitation.id, metadata: { email: dto.email, role: role.code, replaced } },
        tx,
      );
      return toInvitationResponse(invitation);
    });
  }

  /** A new link (the old one stops working), a fresh 7-day expiry and one more email. */
  async resend(auth: AuthContext, id: string): Promise<InvitationDto> {
    const orgId = currentOrgId(auth);
    return this.invitations.transaction(async (tx) => {
      const current = await this.openInvitation(tx, auth, orgId, id);
      await this.invitations.lockEmail(tx, orgId, current.email);
      await this.assertNotMember(tx, orgId, current.email);
      const token = generateToken();
      const invitation = await this.invitations.renew(tx, id, hashInvitationToken(token), new Date(Date.now() + INVITATION_TTL_MS));
      await this.sendEmail(tx, auth, orgId, invitation, token);
      await this.audit.record(auth, { action: 'invitation.resent', targetType: 'invitation', targetId: id, metadata: { email: invitation.email, sendCount: invitation.sendCount } }, tx);
      return toInvitationResponse(invitation);
    });
  }

  async cancel(auth: AuthContext, id: string): Promise<InvitationDto> {
    const orgId = currentOrgId(auth);
    return this.invitations.transaction(async (tx) => {
      await this.openInvitation(tx, auth, orgId, id);
      const invitation = await this.invitations.cancel(tx, id);
      await this.audit.record(auth, { action: 'invitation.cancelled', targetType: 'invitation', targetId: id, metadata: { email: invitation.email } }, tx);
      return toInvitationResponse(invitation);
    });
  }

  /** Pending or expired (not accepted, not cancelled), and within the caller's rank. */
  private async openInvitation(tx: Db, auth: AuthContext, orgId: string, id: string): Promise<InvitationRow> {
    const invitation = await this.invitations.findById(orgId, id, tx);
    if (!invitation) throw AppException.notFound('Invitation');
    const status = invitationStatus(invitation);
    if (status === 'accepted' || status === 'cancelled') {
      throw AppException.conflict(ErrorCode.INVITATION_NOT_PENDING, `This invitation was already ${status}.`, { status });
    }
    assertCanInvite(auth, invitation.role.rank);
    return invitation;
  }

  private async assertNotMember(tx: Db, orgId: string, email: string) {
    const membership = await this.invitations.membershipOf(tx, orgId, email);
    if (!membership) return;
    throw AppException.conflict(
      ErrorCode.ALREADY_MEMBER,
      membership.isActive ? 'This person is already a member of the organisation.' : 'This person is a deactivated member: reactivate them instead.',
      { isActive: membership.isActive },
    );
  }

  private async sendEmail(tx: Db, auth: AuthContext, orgId: string, invitation: InvitationRow, token: string) {
    const organization = await this.invitations.organization(tx, orgId);
    const inviter = await this.invitations.inviter(tx, auth.userId);
    const email = renderInvitationEmail({
      orgId,
      to: invitation.email,
      locale: organization?.locale ?? 'fr',
      organizationName: organization?.name ?? '',
      roleName: invitation.role.name,
      inviterName: inviter ? `${inviter.firstName} ${inviter.lastName}` : null,
      link: `${this.config.appUrl}/invitations/${encodeURIComponent(token)}`,
      expiresAt: invitation.expiresAt,
    });
    await this.mail.enqueue(email, tx);
  }
}
