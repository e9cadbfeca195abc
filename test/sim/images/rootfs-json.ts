/** The format of test/conformance/busybox-rootfs.json and its conversion to a tree.ts listing. */
export interface RootfsJsonEntry {
  path: string;
  mode: string;
  uid: number;
  gid: number;
  mtime: string;
  type: 'dir' | 'file' | 'symlink';
  size: number;
  target?: string;
  content?: string;
  sha256?: string;
}

/** Applet symlinks are grouped into brace lists per directory and target, so the data stays small. */
export function busyboxRootfsListing(entries: RootfsJsonEntry[]): { listing: string; contents: Record<string, string>; mtimeMs: number } {
  const lines: string[] = [];
  const contents: Record<string, string> = {};
  const groups = new Map<string, string[]>();
  const mtimes = new Set(entries.map((e) => e.mtime));
  if (mtimes.size !== 1) throw new Error('expected one mtime for the whole rootfs');
  for (const e of entries) {
    if (e.path === '/') continue;
    const own = e.uid || e.gid ? ` ${e.uid}:${e.gid}` : '';
    const mode = parseInt(e.mode, 8);
    if (e.type === 'dir') lines.push(`d ${e.path}${mode !== 0o755 || own ? ' ' + mode.toString(8) : ''}${own}`);
    else if (e.type === 'symlink') {
      const dir = e.path.slice(0, e.path.lastIndexOf('/'));
      const key = `${dir}\u0000${e.target}`;
      if (!groups.has(key)) {
        groups.set(key, []);
        lines.push(`@${key}`);
      }
      groups.get(key)!.push(e.path.slice(dir.length + 1));
    } else if (e.content !== undefined) {
      contents[e.path] = e.content;
      lines.push(`t ${e.path}${mode !== 0o644 ? ' ' + mode.toString(8) : ''}`);
    } else {
      const exe = e.path.endsWith('/busybox') ? ' exe=busybox' : '';
      lines.push(`f ${e.path} ${e.size} ${mode.toString(8)}${own}${exe}`);
    }
  }
  const listing = lines
    .map((l) => {
      if (!l.startsWith('@')) return l;
      const [dir, target] = l.slice(1).split('\u0000') as [string, string];
      return `l ${dir}/{${groups.get(`${dir}\u0000${target}`)!.join(',')}} ${target}`;
    })
    .join('\n');
  return { listing, contents, mtimeMs: Date.parse([...mtimes][0]!) };
}
