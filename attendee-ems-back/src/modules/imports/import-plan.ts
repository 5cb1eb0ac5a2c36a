import type { RowReason, RowValues } from './import-fields.js';
import type { RowOutcome } from './imports.dto.js';

/** A contact as the import compares it (fields of the file are applied on top). */
export interface ExistingContact {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  country: string | null;
  labels: string[];
  customFields: Record<string, unknown>;
}

export interface ContactPatch {
  firstName?: string;
  lastName?: string;
  phone?: string;
  company?: string;
  jobTitle?: string;
  country?: string;
  labels?: string[];
  customFields?: Record<string, unknown>;
}

/** What one row of a chunk will do. */
export interface PlannedRow {
  row: number;
  email: string | null;
  outcome: RowOutcome;
  reason?: RowReason;
  values?: RowValues;
  contact?: { action: 'create' } | { action: 'update'; id: string; patch: ContactPatch } | { action: 'keep'; id: string };
  registration?: { status: 'approved' | 'awaiting' | 'waitlisted'; eventAttendeeTypeId: string | null; holdsSeat: boolean };
}

const SCALARS = ['firstName', 'lastName', 'phone', 'company', 'jobTitle', 'country'] as const;

/**
 * The change a row makes to an existing contact: non-empty values that differ, labels added,
 * custom fields set. An empty cell never clears anything (absent from `values`).
 */
export function contactPatch(existing: ExistingContact, values: RowValues): ContactPatch {
  const patch: ContactPatch = {};
  for (const key of SCALARS) {
    const value = values[key];
    if (value !== undefined && value !== existing[key]) patch[key] = value;
  }
  if (values.labels?.some((label) => !existing.labels.includes(label))) {
    patch.labels = [...new Set([...existing.labels, ...values.labels])].sort((a, b) => a.localeCompare(b));
  }
  const custom = Object.entries(values.customFields).filter(([key, value]) => existing.customFields[key] !== value);
  if (custom.length) patch.customFields = { ...existing.customFields, ...Object.fromEntries(custom) };
  return patch;
}

const isEmpty = (patch: ContactPatch) => Object.keys(patch).length === 0;

/** A contact row: create when new (names required, as for POST /contacts), update or skip when it exists. */
export function planContactRow(row: number, values: RowValues, existing: ExistingContact | undefined, updateExisting: boolean): PlannedRow {
  const base = { row, email: values.email, values };
  if (!existing) {
    if (!values.firstName || !values.lastName) return { ...base, outcome: 'error', reason: { code: 'MISSING_NAME', message: 'firstName and lastName are required for a new contact' } };
    return { ...base, outcome: 'create', contact: { action: 'create' } };
  }
  if (!updateExisting) return { ...base, outcome: 'skip', reason: { code: 'EXISTS', message: 'A contact with this email exists (updating existing contacts is off)' }, contact: { action: 'keep', id: existing.id } };
  const patch = contactPatch(existing, values);
  if (isEmpty(patch)) return { ...base, outcome: 'skip', reason: { code: 'NO_CHANGE', message: 'The contact already has these values' }, contact: { action: 'keep', id: existing.id } };
  return { ...base, outcome: 'update', contact: { action: 'update', id: existing.id, patch } };
}

/** Seats left, for the dry run's prediction and the run's own bookkeeping (null = unlimited). */
export interface SeatCounter {
  take(eventAttendeeTypeId: string | null): Promise<boolean>;
}

/**
 * A registration row: the person (created or updated like a contact row) plus a registration.
 * Already registered → the contact part alone (update or skip ALREADY_REGISTERED). No seat and no
 * waiting list → error EVENT_FULL, and the person is not created either.
 */
export async function planRegistrationRow(
  row: number,
  values: RowValues,
  existing: ExistingContact | undefined,
  isRegistered: boolean,
  updateExisting: boolean,
  event: { requiresApproval: boolean; waitlistEnabled: boolean },
  seats: SeatCounter,
): Promise<PlannedRow> {
  const contactPlan = planContactRow(row, values, existing, updateExisting);
  if (contactPlan.outcome === 'error') return contactPlan;
  if (isRegistered) {
    if (contactPlan.outcome === 'update') return contactPlan;
    return { ...contactPlan, outcome: 'skip', reason: { code: 'ALREADY_REGISTERED', message: 'This person is already registered for this event' } };
  }
  const wanted = values.status ?? (event.requiresApproval ? 'awaiting' : 'approved');
  const typeId = values.attendeeType ?? null;
  let status: 'approved' | 'awaiting' | 'waitlisted' = wanted;
  let holdsSeat = false;
  if (wanted !== 'waitlisted') {
    holdsSeat = await seats.take(typeId);
    if (!holdsSeat) {
      if (!event.waitlistEnabled) return { row, email: values.email, outcome: 'error', reason: { code: 'EVENT_FULL', message: 'The event (or this attendee type) is full' } };
      status = 'waitlisted';
    }
  }
  return {
    ...contactPlan,
    outcome: 'create',
    reason: undefined,
    contact: contactPlan.contact?.action === 'keep' || !contactPlan.contact ? (existing ? { action: 'keep', id: existing.id } : { action: 'create' }) : contactPlan.contact,
    registration: { status, eventAttendeeTypeId: typeId, holdsSeat },
  };
}
