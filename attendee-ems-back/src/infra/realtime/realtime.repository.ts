import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';

@Injectable()
export class RealtimeRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  /** An active user with an active membership in the organisation (checked at join time, not trusted from the token). */
  async isActiveMember(userId: string, orgId: string): Promise<boolean> {
    const membership = await this.prisma.membership.findFirst({
      where: { userId, orgId, isActive: true, user: { isActive: true } },
      select: { id: true },
    });
    return membership !== null;
  }
}
