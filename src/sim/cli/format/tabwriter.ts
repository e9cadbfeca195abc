/**
 * Go's text/tabwriter (elastic tabstops), as docker/cli uses it.
 *
 * Docker's tables: `new TabWriter({ minwidth: 10, tabwidth: 1, padding: 3, padchar: ' ', flags: 0 })`
 * (formatter.Context: ps, images, volume ls, network ls, history, context ls…);
 * `docker top`/`context create|update` use minwidth 20, padding 3; `docker version` 20, 1, 1.
 *
 * Cell width (`width` option):
 * - 'display' (default): docker/cli ≥ 23 ships a fork of text/tabwriter that
 *   measures cells with go-runewidth (wide CJK = 2 cells, grapheme clusters).
 * - 'runes': Go's stdlib text/tabwriter counts runes (utf8.RuneCount); Docker
 *   20.10's CLI used the stdlib writer.
 *
 * Cells are terminated by '\t' (or '\v'); '\n' ends a line, '\f' ends a line
 * and flushes. The last cell of a line is not part of a column. A column block
 * is a run of consecutive lines that all have a cell in that column.
 * Not modelled: FilterHTML and the 0xff Escape (UTF-8 text never contains 0xff).
 */
import { runeCount } from './quote.ts';
import { stringWidth } from './runewidth.ts';

export const ALIGN_RIGHT = 4;
export const DISCARD_EMPTY_COLUMNS = 8;
export const TAB_INDENT = 16;
export const DEBUG = 32;

export interface TabWriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  padchar: string;
  flags: number;
  width?: 'display' | 'runes';
}

interface Cell {
  text: string;
  width: number;
  htab: boolean;
}

export class TabWriter {
  readonly minwidth: number;
  readonly tabwidth: number;
  readonly padding: number;
  readonly padchar: string;
  readonly flags: number;
  readonly measure: (s: string) => number;
  out = '';
  lines: Cell[][] = [[]];
  cell = '';
  widths: number[] = [];

  constructor(o: TabWriterOptions) {
    if (o.minwidth < 0 || o.tabwidth < 0 || o.padding < 0) {
      throw new Error('negative minwidth, tabwidth, or padding');
    }
    this.minwidth = o.minwidth;
    this.tabwidth = o.tabwidth;
    this.padding = o.padding;
    this.padchar = o.padchar;
    // tab padding enforces left-alignment
    this.flags = o.padchar === '\t' ? o.flags & ~ALIGN_RIGHT : o.flags;
    this.measure = o.width === 'runes' ? runeCount : stringWidth;
  }

  write(text: string): void {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
      this.cell += text.slice(n, i);
      n = i + 1;
      const ncells = this.terminateCell(this.measure(this.cell), ch === '\t');
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        if (ch === '\f' || ncells === 1) {
          // A line with a single cell cannot affect later formatting: flush.
          this.format(0, this.lines.length);
          this.reset();
          if (ch === '\f' && this.flags & DEBUG) this.out += '---\n';
        }
      }
    }
    this.cell += text.slice(n);
  }

  /** Formats everything buffered and returns all output not yet returned. */
  flush(): string {
    // The trailing incomplete cell never had its width computed (Go leaves it 0);
    // as the last cell of its line it is never part of a column anyway.
    if (this.cell.length > 0) this.terminateCell(0, false);
    this.format(0, this.lines.length);
    this.reset();
    const out = this.out;
    this.out = '';
    return out;
  }

  private reset(): void {
    this.lines = [[]];
    this.cell = '';
    this.widths = [];
  }

  private terminateCell(width: number, htab: boolean): number {
    const line = this.lines[this.lines.length - 1] ?? [];
    line.push({ text: this.cell, width, htab });
    this.cell = '';
    return line.length;
  }

  private writePadding(textw: number, cellw: number, useTabs: boolean): void {
    if (this.padchar === '\t' || useTabs) {
      if (this.tabwidth === 0) return; // tabs have no width - can't do any padding
      cellw = Math.ceil(cellw / this.tabwidth) * this.tabwidth;
      const n = cellw - textw;
      if (n < 0) throw new Error('internal error');
      this.out += '\t'.repeat(Math.ceil(n / this.tabwidth));
      return;
    }
    this.out += this.padchar.repeat(Math.max(cellw - textw, 0));
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] ?? [];
      let useTabs = (this.flags & TAB_INDENT) !== 0;
      line.forEach((c, j) => {
        if (j > 0 && this.flags & DEBUG) this.out += '|';
        const w = this.widths[j];
        if (c.text.length === 0) {
          if (w !== undefined) this.writePadding(c.width, w, useTabs);
          return;
        }
        useTabs = false;
        if ((this.flags & ALIGN_RIGHT) === 0) {
          this.out += c.text;
          if (w !== undefined) this.writePadding(c.width, w, false);
        } else {
          if (w !== undefined) this.writePadding(c.width, w, false);
          this.out += c.text;
        }
      });
      // The last buffered line has no newline: it holds the incomplete cell.
      if (i + 1 === this.lines.length) this.out += this.cell;
      else this.out += '\n';
    }
  }

  /** Go's recursive column-block formatter over lines [line0, line1). */
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= (this.lines[cur]?.length ?? 0) - 1) continue;
      // cell exists in this column: print the lines before the block
      this.writeLines(line0, cur);
      line0 = cur;
      let width = this.minwidth;
      let discardable = true;
      for (; cur < line1; cur++) {
        const line = this.lines[cur] ?? [];
        if (column >= line.length - 1) break;
        const c = line[column];
        if (c === undefined) break;
        width = Math.max(width, c.width + this.padding);
        if (c.width > 0 || c.htab) discardable = false;
      }
      if (discardable && this.flags & DISCARD_EMPTY_COLUMNS) width = 0;
      this.widths.push(width);
      this.format(line0, cur);
      this.widths.pop();
      line0 = cur;
    }
    this.writeLines(line0, line1);
  }
}

/** Docker's table writer settings (formatter.Context). */
export const dockerTable = (width: 'display' | 'runes' = 'display'): TabWriter =>
  new TabWriter({ minwidth: 10, tabwidth: 1, padding: 3, padchar: ' ', flags: 0, width });

/** Convenience: writes text through a writer with the given options and flushes. */
export function tabulate(text: string, o: TabWriterOptions): string {
  const w = new TabWriter(o);
  w.write(text);
  return w.flush();
}
