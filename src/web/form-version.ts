// The hidden `version` field of an edit form (optimistic locking). Anything but
// a whole number from 1 to 999 999 999 is a missing, mangled or tampered form.
// The bound matters: a number past PostgreSQL's integer range reached the
// versioned UPDATE and failed there as a 500 (issue 4, hostile input).

export function formVersion(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) && Number(value) >= 1
    ? Number(value)
    : null
}
