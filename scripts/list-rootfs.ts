/**
 * list-rootfs.ts DIR [OUT.json]
 *
 * Lists a root filesystem (as built by scripts/make-busybox-rootfs.sh) as JSON:
 * one entry per path, sorted by path, root first:
 *   { path, type: 'dir'|'file'|'symlink', mode: '0755' (permission bits, octal,
 *     incl. sticky/setuid), uid, gid, size (bytes; 0 for dirs and symlinks),
 *     mtime (ISO), target? (symlinks), sha256? (files), content? (UTF-8 text
 *     files up to 4 KiB, so the simulator can serve /etc/passwd) }
 * Writes to OUT.json, or stdout when omitted.
 * Run: node scripts/list-rootfs.ts /tmp/rootfs test/conformance/busybox-rootfs.json
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type RootfsEntry = {
  path: string;
  type: 'dir' | 'file' | 'symlink';
  mode: string;
  uid: number;
  gid: number;
  size: number;
  mtime: string;
  target?: string;
  sha256?: string;
  content?: string;
};

export function listRootfs(root: string): RootfsEntry[] {
  const out: RootfsEntry[] = [];
  const walk = (rel: string) => {
    const abs = rel === '/' ? root : join(root, rel);
    const st = lstatSync(abs);
    const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
    const base = { path: rel, mode, uid: st.uid, gid: st.gid, mtime: st.mtime.toISOString() };
    if (st.isSymbolicLink()) {
      out.push({ ...base, type: 'symlink', size: 0, target: readlinkSync(abs) });
    } else if (st.isDirectory()) {
      out.push({ ...base, type: 'dir', size: 0 });
      for (const name of readdirSync(abs).sort()) walk(rel === '/' ? `/${name}` : `${rel}/${name}`);
    } else if (st.isFile()) {
      const data = readFileSync(abs);
      const entry: RootfsEntry = { ...base, type: 'file', size: st.size, sha256: createHash('sha256').update(data).digest('hex') };
      if (data.length <= 4096 && !data.includes(0)) {
        const text = data.toString('utf8');
        if (Buffer.from(text, 'utf8').equals(data)) entry.content = text;
      }
      out.push(entry);
    } else {
      throw new Error(`list-rootfs: unsupported file type at ${abs}`);
    }
  };
  walk('/');
  return out;
}

if (import.meta.main) {
  const [dir, outFile] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node scripts/list-rootfs.ts DIR [OUT.json]');
    process.exit(2);
  }
  const json = '[\n' + listRootfs(dir).map((e) => JSON.stringify(e)).join(',\n') + '\n]\n';
  if (outFile) writeFileSync(outFile, json);
  else process.stdout.write(json);
}
