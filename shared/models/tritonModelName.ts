/**
 * The name a model is served under in a Triton repository Faultline writes: the card's name (and
 * version where several share the name), kept to letters, digits, '_', '-' and '.'. Registration of
 * a served model matches it, so a model exported and served is found again by the same name.
 */
export function tritonModelName(name: string, version: string | null): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_.-]/g, '_');
  return version === null ? safe(name) : `${safe(name)}_v${safe(version)}`;
}
