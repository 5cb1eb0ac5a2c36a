import { ApiProperty } from '@nestjs/swagger';
import { EMAIL_STATUSES } from './email-log.dto.js';
import { REGISTRATION_STATUSES } from './registrations.dto.js';

export const HISTORY_ENTRY_KINDS = ['created', 'status_changed', 'updated', 'deleted', 'restored', 'credential_revoked', 'checked_in', 'checked_out', 'email', 'other'] as const;
export type HistoryEntryKind = (typeof HISTORY_ENTRY_KINDS)[number];

export const HISTORY_ACTOR_KINDS = ['user', 'attendee', 'system'] as const;

export class HistoryActorDto {
  @ApiProperty({ enum: HISTORY_ACTOR_KINDS, description: 'A member of the organisation, the person themselves (public form, personal page), or the platform' })
  kind: (typeof HISTORY_ACTOR_KINDS)[number];
  @ApiProperty({ nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'First and last name of the member; null for the attendee, the platform or a deleted account' }) name: string | null;
}

/**
 * One line of a registration's timeline. One flat shape for every kind: the fields that do not apply
 * to a kind are null (or empty), so clients switch on `kind` only.
 */
export class RegistrationHistoryEntryDto {
  @ApiProperty({ description: 'Stable key of the entry (its source and id)' }) id: string;
  @ApiProperty({ enum: HISTORY_ENTRY_KINDS }) kind: HistoryEntryKind;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: HistoryActorDto, nullable: true, description: 'Who did it, when known' }) actor: HistoryActorDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'The audit action behind the entry (e.g. registration.status.approved)' }) action: string | null;
  @ApiProperty({ nullable: true, type: String, enum: REGISTRATION_STATUSES, description: 'status_changed: the status before' }) fromStatus: string | null;
  @ApiProperty({ nullable: true, type: String, enum: REGISTRATION_STATUSES, description: 'created: the first status; status_changed: the status after' }) toStatus: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'created: public, manual, import…' }) source: string | null;
  @ApiProperty({ description: 'status_changed: part of a bulk change' }) bulk: boolean;
  @ApiProperty({ type: [String], description: 'updated (and status_changed): names of the other fields changed, never their values' }) fields: string[];
  @ApiProperty({ nullable: true, type: String, description: 'checked_in / checked_out: the gate' }) gate: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'checked_in / checked_out: the session, when the scan was at a session door' }) sessionName: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'checked_in / checked_out: when the scan was undone' }) undoneAt: string | null;
  @ApiProperty({ type: HistoryActorDto, nullable: true, description: 'checked_in / checked_out: who undid it' }) undoneBy: HistoryActorDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'email: the template (registration.approved, …)' }) template: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ nullable: true, type: String, enum: EMAIL_STATUSES }) emailStatus: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'email: the recipient (null for door staff)' }) email: string | null;
}

export class RegistrationHistoryResponseDto {
  @ApiProperty() registrationId: string;
  @ApiProperty({ description: 'The event’s IANA time zone, to show the times as the event lives them' }) timezone: string;
  @ApiProperty({ type: [RegistrationHistoryEntryDto], description: 'Oldest first. Emails only for callers holding emails.read.' }) items: RegistrationHistoryEntryDto[];
}
