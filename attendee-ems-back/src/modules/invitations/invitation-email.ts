import type { OutgoingEmail } from '../../infra/mail/mail.service.js';

export const INVITATION_TEMPLATE = 'invitations.invite';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

interface InvitationEmailInput {
  orgId: string;
  to: string;
  locale: string;
  organizationName: string;
  roleName: string;
  inviterName: string | null;
  link: string;
  expiresAt: Date;
}

const COPY = {
  fr: {
    subject: (org: string) => `Invitation à rejoindre ${org}`,
    intro: (inviter: string | null, org: string, role: string) => `${inviter ?? 'Un administrateur'} vous invite à rejoindre ${org} sur Attendee EMS en tant que ${role}.`,
    action: 'Accepter l’invitation',
    expiry: (date: string) => `Ce lien expire le ${date}.`,
    ignore: 'Si vous ne vous attendiez pas à cette invitation, ignorez simplement cet e-mail.',
    dateLocale: 'fr-FR',
  },
  en: {
    subject: (org: string) => `You are invited to join ${org}`,
    intro: (inviter: string | null, org: string, role: string) => `${inviter ?? 'An administrator'} invites you to join ${org} on Attendee EMS as ${role}.`,
    action: 'Accept the invitation',
    expiry: (date: string) => `This link expires on ${date}.`,
    ignore: 'If you did not expect this invitation, you can ignore this email.',
    dateLocale: 'en-GB',
  },
} as const;

/** The invitation email, in the organisation's language (French unless it is set to English). */
export function renderInvitationEmail(input: InvitationEmailInput): OutgoingEmail {
  const locale = input.locale === 'en' ? 'en' : 'fr';
  const copy = COPY[locale];
  const expires = input.expiresAt.toLocaleString(copy.dateLocale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
  const intro = copy.intro(input.inviterName, input.organizationName, input.roleName);
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(copy.action)}</a></p>`,
    `<p>${escapeHtml(copy.expiry(expires))}</p>`,
    `<p style="color:#666">${escapeHtml(copy.ignore)}</p>`,
  ].join('\n');
  const text = `${intro}\n\n${copy.action}: ${input.link}\n\n${copy.expiry(expires)}\n\n${copy.ignore}\n`;
  return { orgId: input.orgId, to: input.to, template: INVITATION_TEMPLATE, locale, subject: copy.subject(input.organizationName), html, text };
}
