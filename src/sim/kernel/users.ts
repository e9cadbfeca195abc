/** /etc/passwd and /etc/group lookups, as libc (and runc's user package) do them. */
import type { FileSystem } from '../fs/types.ts';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

function lines(fs: FileSystem, path: string): string[][] {
  let text: string;
  try {
    text = fs.readText(path);
  } catch {
    return [];
  }
  const out: string[][] = [];
  for (const l of text.split('\n')) if (l && !l.startsWith('#')) out.push(l.split(':'));
  return out;
}

export function passwd(fs: FileSystem): PasswdEntry[] {
  return lines(fs, '/etc/passwd')
    .filter((f) => f.length >= 4 && /^[0-9]+$/.test(f[2]!) && /^[0-9]+$/.test(f[3]!))
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), gecos: f[4] ?? '', home: f[5] ?? '', shell: f[6] ?? '' }));
}

export function groups(fs: FileSystem): GroupEntry[] {
  return lines(fs, '/etc/group')
    .filter((f) => f.length >= 3 && /^[0-9]+$/.test(f[2]!))
    .map((f) => ({ name: f[0]!, gid: Number(f[2]), members: f[3] ? f[3].split(',').filter(Boolean) : [] }));
}

export function userByUid(fs: FileSystem, uid: number): PasswdEntry | undefined {
  return passwd(fs).find((u) => u.uid === uid);
}

export function userByName(fs: FileSystem, name: string): PasswdEntry | undefined {
  return passwd(fs).find((u) => u.name === name);
}

export function groupByGid(fs: FileSystem, gid: number): GroupEntry | undefined {
  return groups(fs).find((g) => g.gid === gid);
}

export function groupByName(fs: FileSystem, name: string): GroupEntry | undefined {
  return groups(fs).find((g) => g.name === name);
}

/** Name for a uid, or the number as text (what ps/ls print for unknown ids). */
export function userName(fs: FileSystem, uid: number): string {
  return userByUid(fs, uid)?.name ?? String(uid);
}

export function groupName(fs: FileSystem, gid: number): string {
  return groupByGid(fs, gid)?.name ?? String(gid);
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  name: string;
  home: string;
}

/**
 * runc's resolution of the OCI `user` string ("", "name", "uid", "name:group", "uid:gid").
 * Returns an error text for an unknown name.
 */
export function resolveUser(fs: FileSystem, spec: string | undefined): ResolvedUser | string {
  const s = spec ?? '';
  if (s === '') return { uid: 0, gid: 0, name: 'root', home: userByUid(fs, 0)?.home ?? '/root' };
  const [u = '', g] = s.split(':', 2);
  let res: ResolvedUser;
  if (/^[0-9]+$/.test(u)) {
    const e = userByUid(fs, Number(u));
    res = { uid: Number(u), gid: e?.gid ?? 0, name: e?.name ?? u, home: e?.home ?? '/' };
  } else {
    const e = userByName(fs, u);
    if (!e) return `unable to find user ${u}: no matching entries in passwd file`;
    res = { uid: e.uid, gid: e.gid, name: e.name, home: e.home };
  }
  if (g !== undefined && g !== '') {
    if (/^[0-9]+$/.test(g)) res.gid = Number(g);
    else {
      const e = groupByName(fs, g);
      if (!e) return `unable to find group ${g}: no matching entries in group file`;
      res.gid = e.gid;
    }
  }
  return res;
}
