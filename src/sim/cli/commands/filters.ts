/** docker/cli's filter flag (opts.FilterOpt): `key=value`, repeated. */
export function parseFilters(values: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i < 0) throw new Error(`invalid argument "${v}" for "-f, --filter" flag: bad format of filter (expected name=value)`);
    const key = v.slice(0, i).trim().toLowerCase();
    const value = v.slice(i + 1).trim();
    (out[key] ??= []).push(value);
  }
  return out;
}
