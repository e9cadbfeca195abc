/**
 * ash's variable table: 39 hash buckets with new names pushed at the head of
 * their bucket, so `env` and child environments come out in ash's exact order.
 */

export const VEXPORT = 1;
export const VREADONLY = 2;

export interface Var {
  name: string;
  /** undefined = unset (the entry may stay, e.g. fixed variables or readonly). */
  value: string | undefined;
  flags: number;
  next: Var | undefined;
}

const VTABSIZE = 39;

function hash(name: string): number {
  let h = (name.charCodeAt(0) & 255) << 4;
  for (let i = 0; i < name.length; i++) h += name.charCodeAt(i) & 255;
  return h % VTABSIZE;
}

export class VarTable {
  tab: (Var | undefined)[] = new Array(VTABSIZE);

  find(name: string): Var | undefined {
    for (let v = this.tab[hash(name)]; v; v = v.next) if (v.name === name) return v;
    return undefined;
  }

  get(name: string): string | undefined {
    return this.find(name)?.value;
  }

  /** Sets (creating at the head of the bucket); returns the entry. Readonly is the caller's check. */
  set(name: string, value: string | undefined, flags = 0): Var {
    let v = this.find(name);
    if (!v) {
      const h = hash(name);
      v = { name, value, flags, next: this.tab[h] };
      this.tab[h] = v;
    } else {
      v.value = value;
      v.flags |= flags;
    }
    return v;
  }

  unset(name: string): void {
    const h = hash(name);
    let prev: Var | undefined;
    for (let v = this.tab[h]; v; prev = v, v = v.next) {
      if (v.name !== name) continue;
      if (prev) prev.next = v.next;
      else this.tab[h] = v.next;
      return;
    }
  }

  /** Every entry in table order. */
  all(): Var[] {
    const out: Var[] = [];
    for (let i = 0; i < VTABSIZE; i++) for (let v = this.tab[i]; v; v = v.next) out.push(v);
    return out;
  }

  /** KEY=value for exported, set variables, in table order (a child's environment). */
  environ(extra?: Map<string, string>): string[] {
    if (extra && extra.size) {
      // Temporary assignments (VAR=x cmd) go into the table too, so they sort by bucket.
      const t = this.clone();
      for (const [k, val] of extra) t.set(k, val, VEXPORT);
      return t.environ();
    }
    const out: string[] = [];
    for (const v of this.all()) if (v.flags & VEXPORT && v.value !== undefined) out.push(v.name + '=' + v.value);
    return out;
  }

  clone(): VarTable {
    const t = new VarTable();
    for (let i = 0; i < VTABSIZE; i++) {
      let prev: Var | undefined;
      for (let v = this.tab[i]; v; v = v.next) {
        const c: Var = { name: v.name, value: v.value, flags: v.flags, next: undefined };
        if (prev) prev.next = c;
        else t.tab[i] = c;
        prev = c;
      }
    }
    return t;
  }
}
