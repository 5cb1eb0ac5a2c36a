/** The password-reset email, FR and EN. Plain functions so they are easy to preview and test. */

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

const COPY = {
  fr: {
    subject: 'Réinitialisation de votre mot de passe',
    greeting: (name: string) => `Bonjour ${name},`,
    intro: 'Vous avez demandé à réinitialiser votre mot de passe Attendee EMS. Ce lien est valable une heure :',
    action: 'Choisir un nouveau mot de passe',
    ignore: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
  },
  en: {
    subject: 'Reset your password',
    greeting: (name: string) => `Hello ${name},`,
    intro: 'You asked to reset your Attendee EMS password. This link is valid for one hour:',
    action: 'Choose a new password',
    ignore: 'If you did not ask for this, ignore this email: your password stays unchanged.',
  },
} as const;

export function passwordResetEmail(input: { locale: string; firstName: string; link: string }) {
  const locale = input.locale === 'en' ? 'en' : 'fr';
  const copy = COPY[locale];
  const text = [copy.greeting(input.firstName), '', copy.intro, input.link, '', copy.ignore].join('\n');
  const html = `<p>${escapeHtml(copy.greeting(input.firstName))}</p>
<p>${escapeHtml(copy.intro)}</p>
<p><a href="${escapeHtml(input.link)}">${escapeHtml(copy.action)}</a></p>
<p style="color:#666">${escapeHtml(copy.ignore)}</p>`;
  return { locale, subject: copy.subject, text, html };
}
