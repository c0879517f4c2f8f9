// The NHS number's check digit (modulus 11): the first nine digits weighted 10
// down to 2, summed; 11 minus the remainder is the tenth digit (11 means 0; 10
// is never issued). Used to tell a real-looking NHS number from any ten digits,
// and to refuse a mistyped one on an incident's child.

/** Spaces and hyphens people write NHS numbers with ("943 476 5919", "943-476-5919"). */
const SEPARATORS = /[\s-]/g

/** The digits alone: how NHS numbers are stored and compared. */
export function compactNhsNumber(value: string): string {
  return value.replace(SEPARATORS, '')
}

export function isValidNhsNumber(value: string): boolean {
  const digits = compactNhsNumber(value)
  if (!/^\d{10}$/.test(digits)) return false
  let sum = 0
  for (let position = 0; position < 9; position += 1) {
    sum += Number(digits[position]) * (10 - position)
  }
  const check = 11 - (sum % 11)
  const expected = check === 11 ? 0 : check
  return expected !== 10 && expected === Number(digits[9])
}

/** '9434765919' → '943 476 5919', the way the NHS writes them; anything else as it is. */
export function formatNhsNumber(value: string): string {
  const digits = compactNhsNumber(value)
  return /^\d{10}$/.test(digits)
    ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`
    : value
}
