import { describe, expect, it } from 'vitest';
import { buildIcs, renderRegistrationEmail, type RegistrationEmailContext } from './registration-emails.js';

const context: RegistrationEmailContext = {
  locale: 'fr',
  firstName: 'Zoé',
  lastName: 'Müller',
  confirmationNumber: 'K7M2-QX94',
  credential: 'cred_abc-123',
  personalPageUrl: 'https://events.example.test/r/cred_abc-123-with-a-long-tail-so-the-line-is-long',
  event: {
    id: '7f0c1d1e-8a4b-4c1e-9d55-0b1f2a3c4d5e',
    // Long, with multi-byte characters around where a 75-octet fold falls.
    name: 'Journées européennes « Énergie, Climat; Société » — édition spéciale de l’été 2030 à Strasbourg',
    startAt: new Date('2030-06-20T07:30:00.000Z'),
    endAt: new Date('2030-06-21T16:00:00.000Z'),
    timezone: 'Europe/Paris',
    locationName: 'Palais de la musique et des congrès',
    address: 'Place de Bordeaux, 67000 Strasbourg',
    onlineUrl: null,
  },
  organizationName: 'Dupont "Événements", Fils & Cie: Lyon',
};

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('calendar invitation (buildIcs)', () => {
  it('folds every line to 75 octets without splitting a UTF-8 character, and unfolds back to the same text', () => {
    const ics = buildIcs(context);
    const physical = ics.slice(0, -2).split('\r\n');
    expect(physical.length).toBeGreaterThan(unfold(ics).slice(0, -2).split('\r\n').length);
    for (const line of physical) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      // A split inside a character would leave a replacement character after decoding.
      expect(Buffer.from(line, 'utf8').toString('utf8')).not.toContain('\uFFFD');
    }
    const summary = unfold(ics).split('\r\n').find((line) => line.startsWith('SUMMARY:'))!;
    expect(summary).toBe('SUMMARY:Journées européennes « Énergie\\, Climat\\; Société » — édition spéciale de l’été 2030 à Strasbourg');
  });

  it('quotes the organiser name as a parameter value instead of backslash-escaping it', () => {
    const organizer = unfold(buildIcs(context)).split('\r\n').find((line) => line.startsWith('ORGANIZER'))!;
    expect(organizer).toBe(`ORGANIZER;CN="Dupont 'Événements', Fils & Cie: Lyon":mailto:no-reply@attendee.local`);
  });

  it('a cancellation is the same entry (UID) at a higher SEQUENCE, with METHOD:CANCEL and STATUS:CANCELLED', () => {
    const line = (ics: string, name: string) => unfold(ics).split('\r\n').find((item) => item.startsWith(`${name}:`));
    const invitation = buildIcs(context);
    const cancellation = buildIcs(context, 'CANCEL');
    expect(line(invitation, 'METHOD')).toBe('METHOD:PUBLISH');
    expect(line(cancellation, 'METHOD')).toBe('METHOD:CANCEL');
    expect(line(cancellation, 'UID')).toBe(line(invitation, 'UID'));
    expect(line(invitation, 'SEQUENCE')).toBe('SEQUENCE:0');
    expect(line(cancellation, 'SEQUENCE')).toBe('SEQUENCE:1');
    expect(line(cancellation, 'STATUS')).toBe('STATUS:CANCELLED');
    expect(line(invitation, 'STATUS')).toBeUndefined();
  });
});

describe('registration emails', () => {
  const names = (kind: Parameters<typeof renderRegistrationEmail>[0]) =>
    renderRegistrationEmail(kind, context).attachments.map((item) => `${item.filename}${item.contentType.includes('method=CANCEL') ? ' (cancel)' : ''}`);

  it('only the emails that carry a pass have the QR code; refusals and cancellations withdraw the calendar entry', () => {
    expect(names('received')).toEqual(['invitation.ics']);
    expect(names('waitlisted')).toEqual(['invitation.ics']);
    expect(names('approved')).toEqual(['invitation.ics', 'qr-code.png']);
    expect(names('promoted')).toEqual(['invitation.ics', 'qr-code.png']);
    expect(names('reminder')).toEqual(['invitation.ics', 'qr-code.png']);
    expect(names('refused')).toEqual(['invitation.ics (cancel)']);
    expect(names('cancelled')).toEqual(['invitation.ics (cancel)']);
    expect(renderRegistrationEmail('approved', context).attachments.find((item) => item.qrCodeOf)).toMatchObject({ qrCodeOf: context.credential, cid: 'qr-code' });
  });
});
