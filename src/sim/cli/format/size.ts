/**
 * docker/go-units sizes.
 *
 * Which precision Docker uses where (docker/cli):
 * - HumanSizeWithPrecision(x, 3): `docker ps` SIZE, `docker images` SIZE,
 *   `docker history` SIZE, `docker stats` NET/BLOCK I/O, `docker cp` progress,
 *   build cache sizes  ("7.8MB", "72.8MB", "1.98MB", "0B", "88B").
 * - HumanSize(x) = precision 4: "Total reclaimed space:" (prune), `docker system df`,
 *   `docker volume ls` SIZE, images SHARED/UNIQUE SIZE  ("1.114kB", "5.57MB").
 * - BytesSize(x): `docker stats` MEM USAGE / LIMIT ("1.5MiB / 7.6GiB").
 *
 * Formatting is fmt's "%.*g%s": strconv 'g' with the given precision (half-even
 * rounding on the exact value; "1000kB" for 999999 bytes is real Go output).
 */
import { formatFloat } from './gofloat.ts';
import { quote } from './quote.ts';

const DECIMAL_ABBRS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_ABBRS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function sizeAndUnit(size: number, base: number, abbrs: string[]): [number, string] {
  let i = 0;
  while (size >= base && i < abbrs.length - 1) {
    size /= base;
    i++;
  }
  return [size, abbrs[i] ?? ''];
}

/** fmt's %.<prec>g for a float64 (precision 0 behaves as 1, like Go). */
const gPrec = (x: number, prec: number): string => formatFloat(x, 'g', prec);

/** units.HumanSizeWithPrecision: decimal units, `precision` significant digits. */
export function humanSizeWithPrecision(size: number, precision: number): string {
  const [v, unit] = sizeAndUnit(size, 1000, DECIMAL_ABBRS);
  return gPrec(v, precision) + unit;
}

/** units.HumanSize = HumanSizeWithPrecision(size, 4). */
export const humanSize = (size: number): string => humanSizeWithPrecision(size, 4);

/** units.BytesSize: binary units, "%.4g%s" ("44KiB", "17MiB"). */
export function bytesSize(size: number): string {
  const [v, unit] = sizeAndUnit(size, 1024, BINARY_ABBRS);
  return gPrec(v, 4) + unit;
}

/** An error carrying Go's exact message. */
export class SizeError extends Error {}

/** go-units version: 'v0.5' (Docker 29's CLI) or 'v0.4' (Docker 20.10's, regexp based). */
export type UnitsVersion = 'v0.5' | 'v0.4';

const DECIMAL: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };
const BINARY: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/** Go's int64(f) for the values parseSize can produce (truncation; amd64 overflow gives MinInt64). */
function toInt64(f: number): number {
  if (!Number.isFinite(f) || Math.abs(f) >= 2 ** 63) return -(2 ** 63);
  return Math.trunc(f);
}

/** strconv.ParseFloat(s, 64) with Go's error text. */
export function parseGoFloat(s: string): number {
  const err = (why: string): SizeError => new SizeError(`strconv.ParseFloat: parsing ${quote(s)}: ${why}`);
  const body = s.replace(/^[+-]/, '');
  const dec = /^(\d+(_\d+)*)?(\.(\d+(_\d+)*)?)?([eE][+-]?\d+(_\d+)*)?$/;
  const special = /^(inf|infinity|nan)$/i;
  let v: number;
  if (special.test(body)) {
    v = /^nan$/i.test(body) ? NaN : Infinity;
  } else if (/^0[xX]/.test(body)) {
    const m = /^0[xX](_?[0-9a-fA-F]+)*(\.([0-9a-fA-F]+(_[0-9a-fA-F]+)*)?)?[pP][+-]?\d+$/.exec(body);
    if (!m || !/[0-9a-fA-F]/.test(body.slice(2).split(/[pP]/)[0] ?? '')) throw err('invalid syntax');
    const [mant = '', exp = '0'] = body.slice(2).replace(/_/g, '').split(/[pP]/);
    const [ip = '', fp = ''] = mant.split('.');
    v = (parseInt(ip || '0', 16) + (fp ? parseInt(fp, 16) / 16 ** fp.length : 0)) * 2 ** Number(exp);
  } else {
    // Underscores are only allowed with a base prefix.
    if (body.includes('_') || !dec.test(body) || !/\d/.test(body.replace(/[eE].*$/, ''))) {
      throw err('invalid syntax');
    }
    v = Number(body);
  }
  if (s.startsWith('-')) v = -v;
  if (!Number.isFinite(v) && !special.test(body)) throw err('value out of range');
  return v;
}

function parseSizeV05(sizeStr: string, map: Record<string, number>): number {
  let sep = -1;
  for (let i = sizeStr.length - 1; i >= 0; i--) {
    if ('01234567890. '.includes(sizeStr[i] ?? '')) {
      sep = i;
      break;
    }
  }
  if (sep === -1) throw new SizeError(`invalid size: '${sizeStr}'`);
  const num = sizeStr[sep] !== ' ' ? sizeStr.slice(0, sep + 1) : sizeStr.slice(0, sep);
  let sfx = sizeStr.slice(sep + 1);
  let size = parseGoFloat(num);
  if (size < 0) throw new SizeError(`invalid size: '${sizeStr}'`);
  if (sfx.length === 0) return toInt64(size);
  const bad = (): SizeError => new SizeError(`invalid suffix: '${sfx}'`);
  if (new TextEncoder().encode(sfx).length > 3) throw bad();
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') {
    if (sfx.length > 1) throw bad();
    return toInt64(size);
  }
  const mul = map[sfx[0] ?? ''];
  if (mul === undefined) throw bad();
  size *= mul;
  if (sfx.length === 2 && sfx[1] !== 'b') throw bad();
  if (sfx.length === 3 && sfx.slice(1) !== 'ib') throw bad();
  return toInt64(size);
}

function parseSizeV04(sizeStr: string, map: Record<string, number>): number {
  const m = /^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(sizeStr);
  if (!m) throw new SizeError(`invalid size: '${sizeStr}'`);
  let size = parseGoFloat(m[1] ?? '');
  const mul = map[(m[3] ?? '').toLowerCase()];
  if (mul !== undefined) size *= mul;
  return toInt64(size);
}

function parseSize(s: string, map: Record<string, number>, v: UnitsVersion): number {
  return v === 'v0.4' ? parseSizeV04(s, map) : parseSizeV05(s, map);
}

/** units.FromHumanSize: decimal ("44kB" = 44000). Throws SizeError with Go's text. */
export const fromHumanSize = (s: string, v: UnitsVersion = 'v0.5'): number => parseSize(s, DECIMAL, v);

/** units.RAMInBytes: binary ("512m" = 536870912), used by -m/--memory, --shm-size… */
export const ramInBytes = (s: string, v: UnitsVersion = 'v0.5'): number => parseSize(s, BINARY, v);
