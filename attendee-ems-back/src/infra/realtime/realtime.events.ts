/** Server-side parts of the live channel; the contract itself lives in src/shared/realtime. */
export * from '../../shared/realtime/index.js';

export const eventRoom = (eventId: string) => `event:${eventId}`;
export const orgRoom = (orgId: string) => `org:${orgId}`;

/** Who is on the other end of a socket, from the handshake's access token. */
export interface RealtimePrincipal {
  userId: string;
  orgId: string | null;
  sessionId: string;
}
