/**
 * Window size of a TTY process. A container's terminal (runc run -t) and an exec's (runc
 * exec -t) run under util-linux `script`: runc's stdin is script's pty, and runc copies that
 * pty's size to the container's own console when it gets SIGWINCH — which the kernel sends
 * when the size of that pty changes. So resizing = setting the size of script's pty.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Children of a process (from /proc/PID/task/*\/children, else a scan of /proc). */
function childrenOf(pid: number): number[] {
  try {
    const out: number[] = [];
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      for (const c of readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/)) if (c) out.push(Number(c));
    }
    return out;
  } catch {
    const out: number[] = [];
    for (const e of readdirSync('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      try {
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === pid) out.push(Number(e));
      } catch {
        /* gone */
      }
    }
    return out;
  }
}

/** The pty device (/dev/pts/N) the process under `script` (pid: script's) has as stdin. */
export function ptyUnderScript(scriptPid: number): string | undefined {
  for (const kid of childrenOf(scriptPid)) {
    try {
      const link = readlinkSync(`/proc/${kid}/fd/0`);
      if (/^\/dev\/pts\/\d+$/.test(link)) return link;
    } catch {
      /* gone, or not ours to read */
    }
  }
  return undefined;
}

/** Sets the window size of the pty of a process under `script`; false when there is none (yet). */
export async function resizeUnderScript(scriptPid: number, cols: number, rows: number): Promise<boolean> {
  const tty = ptyUnderScript(scriptPid);
  if (!tty || !(cols > 0 && rows > 0)) return false;
  const c = Math.min(Math.floor(cols), 65535);
  const r = Math.min(Math.floor(rows), 65535);
  return new Promise((resolve) => {
    const p = spawn('stty', ['-F', tty, 'rows', String(r), 'cols', String(c)], { stdio: 'ignore' });
    p.on('error', () => resolve(false));
    p.on('close', (code) => resolve(code === 0));
  });
}
