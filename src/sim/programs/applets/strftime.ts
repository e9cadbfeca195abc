/** strftime(3) in the C locale, UTC. */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const p2 = (n: number): string => String(n).padStart(2, '0');
const s2 = (n: number): string => String(n).padStart(2, ' ');

function yday(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000);
}

function isoWeek(d: Date): [number, number] {
  const wd = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - wd + 3));
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor(yday(thursday) / 7);
  return [year, week];
}

export function strftime(fmt: string, ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%' || i === fmt.length - 1) {
      out += c;
      continue;
    }
    const f = fmt[++i]!;
    const Y = d.getUTCFullYear();
    const H = d.getUTCHours();
    switch (f) {
      case 'a': out += DAYS[d.getUTCDay()]!.slice(0, 3); break;
      case 'A': out += DAYS[d.getUTCDay()]; break;
      case 'b': case 'h': out += MONTHS[d.getUTCMonth()]!.slice(0, 3); break;
      case 'B': out += MONTHS[d.getUTCMonth()]; break;
      case 'c': out += strftime('%a %b %e %H:%M:%S %Y', ms); break;
      case 'C': out += p2(Math.floor(Y / 100)); break;
      case 'd': out += p2(d.getUTCDate()); break;
      case 'D': out += strftime('%m/%d/%y', ms); break;
      case 'e': out += s2(d.getUTCDate()); break;
      case 'F': out += strftime('%Y-%m-%d', ms); break;
      case 'g': out += p2(isoWeek(d)[0] % 100); break;
      case 'G': out += isoWeek(d)[0]; break;
      case 'H': out += p2(H); break;
      case 'I': out += p2(H % 12 || 12); break;
      case 'j': out += String(yday(d) + 1).padStart(3, '0'); break;
      case 'k': out += s2(H); break;
      case 'l': out += s2(H % 12 || 12); break;
      case 'm': out += p2(d.getUTCMonth() + 1); break;
      case 'M': out += p2(d.getUTCMinutes()); break;
      case 'n': out += '\n'; break;
      case 'p': out += H < 12 ? 'AM' : 'PM'; break;
      case 'P': out += H < 12 ? 'am' : 'pm'; break;
      case 'r': out += strftime('%I:%M:%S %p', ms); break;
      case 'R': out += strftime('%H:%M', ms); break;
      case 's': out += Math.floor(ms / 1000); break;
      case 'S': out += p2(d.getUTCSeconds()); break;
      case 't': out += '\t'; break;
      case 'T': out += strftime('%H:%M:%S', ms); break;
      case 'u': out += d.getUTCDay() || 7; break;
      case 'U': out += p2(Math.floor((yday(d) + 7 - d.getUTCDay()) / 7)); break;
      case 'V': out += p2(isoWeek(d)[1]); break;
      case 'w': out += d.getUTCDay(); break;
      case 'W': out += p2(Math.floor((yday(d) + 7 - ((d.getUTCDay() + 6) % 7)) / 7)); break;
      case 'x': out += strftime('%m/%d/%y', ms); break;
      case 'X': out += strftime('%H:%M:%S', ms); break;
      case 'y': out += p2(Y % 100); break;
      case 'Y': out += Y; break;
      case 'z': out += '+0000'; break;
      case 'Z': out += 'UTC'; break;
      case '%': out += '%'; break;
      default: out += '%' + f;
    }
  }
  return out;
}
