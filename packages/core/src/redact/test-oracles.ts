/**
 * Test-side oracles for the redaction tests, written independently of the implementation
 * (the tests would prove nothing if they reused its check-digit code). Not exported by
 * the package.
 */

/** Appends the Luhn check digit to `body`. */
export function withLuhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** Appends the ISO 7064 MOD 11-2 check character to a 17-digit ID body. */
export function withIdCheck(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * weights[i]!;
  return body17 + '10X98765432'[sum % 11]!;
}
