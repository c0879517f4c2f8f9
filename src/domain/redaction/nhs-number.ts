// The NHS number's check digit (modulus 11): the first nine digits weighted 10
// down to 2, summed; 11 minus the remainder is the tenth digit (11 means 0; 10
// is never issued). Used to tell a real-looking NHS number from any ten digits.

export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '')
  if (!/^\d{10}$/.test(digits)) return false
  let sum = 0
  for (let position = 0; position < 9; position += 1) {
    sum += Number(digits[position]) * (10 - position)
  }
  const check = 11 - (sum % 11)
  const expected = check === 11 ? 0 : check
  return expected !== 10 && expected === Number(digits[9])
}
