/**
 * The two transcripts of real mode, side by side: what the simulated terminal and
 * the backend's terminal showed for each command line, as plain lines (escape
 * sequences applied the way a terminal applies them to a line), normalised with the
 * runner's rules (src/runner/normalize.ts: IDs, names, times, durations, PIDs, table
 * widths), each side on its own, then compared line by line.
 */
import { normalizeTranscript } from '../../runner/normalize.ts';

/** One command line and everything the terminal showed from its prompt to the next. */
export interface Block {
  line: string;
  exitCode: number;
  /** Terminal output: the prompt and the line as typed, then the command's output. */
  text: string;
}

/** Collects a terminal's output into blocks, one per finished command line. */
export class BlockRecorder {
  readonly blocks: Block[] = [];
  #text = '';

  write(s: string): void {
    this.#text += s;
    // A runaway command (yes, a huge cat) must not eat the page's memory.
    if (this.#text.length > 1 << 20) this.#text = this.#text.slice(-(1 << 19));
  }

  command(line: string, exitCode: number): void {
    this.blocks.push({ line, exitCode, text: this.#text });
    this.#text = '';
  }

  clear(): void {
    this.blocks.length = 0;
    this.#text = '';
  }
}

/**
 * Terminal output as the lines it leaves on screen: CR returns to the line start,
 * BS moves left, cursor moves and erases (CSI C, D, K, J, G) apply; other escape
 * sequences (colours, cursor queries, titles) are dropped.
 */
export function screenLines(text: string): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let col = 0;
  const put = (ch: string) => {
    while (line.length < col) line.push(' ');
    line[col++] = ch;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\x1b') {
      const n = text[i + 1];
      if (n === '[') {
        let j = i + 2;
        while (j < text.length && /[0-9;?<=>]/.test(text[j]!)) j++;
        const params = text.slice(i + 2, j);
        const num = Number.parseInt(params, 10);
        switch (text[j]) {
          case 'C':
            col += num || 1;
            break;
          case 'D':
            col = Math.max(0, col - (num || 1));
            break;
          case 'G':
            col = Math.max(0, (num || 1) - 1);
            break;
          case 'K':
          case 'J':
            if (!params || params === '0') line.length = Math.min(line.length, col);
            else if (params === '2' && text[j] === 'K') line = [];
            break;
        }
        i = j;
      } else if (n === ']') {
        let j = i + 2;
        while (j < text.length && text[j] !== '\x07' && !(text[j] === '\x1b' && text[j + 1] === '\\')) j++;
        i = text[j] === '\x1b' ? j + 1 : j;
      } else i++;
      continue;
    }
    if (c === '\r') col = 0;
    else if (c === '\n') {
      lines.push(line.join('').replace(/\s+$/, ''));
      line = [];
      col = 0;
    } else if (c === '\b') col = Math.max(0, col - 1);
    else if (c === '\x07' || c < ' ') continue;
    else put(c);
  }
  const last = line.join('').replace(/\s+$/, '');
  if (last) lines.push(last);
  return lines;
}

export interface Row {
  sim: string | null;
  real: string | null;
  differs: boolean;
}

export interface ComparedBlock {
  line: string;
  simExit: number | null;
  realExit: number | null;
  rows: Row[];
  differs: boolean;
}

/** The output lines of a block (without its first line, the prompt and the command as typed). */
function outputOf(b: Block): string {
  const lines = screenLines(b.text);
  // The prompt line is where the typed line ends: drop up to and including it.
  let start = lines.findIndex((l) => l.endsWith(b.line.split('\n').pop()!));
  if (start < 0) start = 0;
  return lines.slice(start + 1).join('\n');
}

function normalizeSide(blocks: readonly Block[], replace: Array<[string, string]>): Array<{ line: string; exitCode: number; lines: string[] }> {
  const steps = blocks.map((b) => {
    let out = outputOf(b);
    for (const [from, to] of replace) if (from) out = out.split(from).join(to);
    return { command: b.line, stdout: out ? `${out}\n` : '', stderr: '', exitCode: b.exitCode };
  });
  return normalizeTranscript(steps).map((s) => ({ line: s.command, exitCode: s.exitCode, lines: s.stdout === '' ? [] : s.stdout.replace(/\n$/, '').split('\n') }));
}

/**
 * Pairs the two sides' blocks in order and marks every line that differs after
 * normalisation. `realPaths`: backend paths that stand for Docker's (the session's
 * engine root is /var/lib/docker).
 */
export function compareBlocks(sim: readonly Block[], real: readonly Block[], realPaths: Array<[string, string]> = []): ComparedBlock[] {
  const a = normalizeSide(sim, []);
  const b = normalizeSide(real, realPaths);
  const out: ComparedBlock[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const rows: Row[] = [];
    const n = Math.max(x?.lines.length ?? 0, y?.lines.length ?? 0);
    for (let k = 0; k < n; k++) {
      const s = x?.lines[k] ?? null;
      const r = y?.lines[k] ?? null;
      rows.push({ sim: s, real: r, differs: s !== r });
    }
    const differs = !x || !y || x.line !== y.line || x.exitCode !== y.exitCode || rows.some((r) => r.differs);
    out.push({ line: (y ?? x)!.line, simExit: x?.exitCode ?? null, realExit: y?.exitCode ?? null, rows, differs });
  }
  return out;
}

/** Key replies a terminal sends by itself (cursor position, device attributes): for the backend's programs only. */
export function withoutTerminalReplies(keys: string): string {
  return keys.replace(/\x1b\[\??[\d;]*[Rc]/g, '');
}
