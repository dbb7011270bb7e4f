/** A stored copy of the reporter secret, `<secret>:<weak 0|1>:<secret>`, read the way docs/client.md describes it. */
export function secretCopy(raw: unknown): { secret: string; weak: boolean } {
  const [secret, weak, repeat] = String(raw).split(':');
  if (!/^[0-9a-f]{64}$/.test(secret ?? '') || repeat !== secret || (weak !== '0' && weak !== '1')) throw new Error(`not a whole secret copy: ${String(raw)}`);
  return { secret: secret!, weak: weak === '1' };
}
