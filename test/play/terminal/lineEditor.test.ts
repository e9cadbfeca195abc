/** The prompt's line editor, checked on a screen model (narrow, so that lines wrap). */
import { describe, expect, it } from 'vitest';
import { LineEditor } from '../../../src/play/terminal/lineEditor.ts';
import { splitKeys } from '../../../src/play/terminal/keys.ts';
import { Screen } from './harness.ts';

function editor(cols = 20, history: string[] = []) {
  const screen = new Screen(cols);
  const ed = new LineEditor({ write: (s) => screen.write(s), cols: () => cols, history });
  ed.begin('$ ', 0);
  const type = (data: string) => {
    const actions: string[] = [];
    for (const k of splitKeys(data)) {
      const a = ed.key(k);
      if (a) actions.push(a);
    }
    return actions;
  };
  return { ed, screen, type };
}

describe('LineEditor', () => {
  it('inserts, moves and deletes anywhere in the line', () => {
    const { ed, screen, type } = editor();
    type('helo world');
    type('\x1b[D'.repeat(7) + 'l');
    expect(ed.text).toBe('hello world');
    expect(screen.text()).toBe('$ hello world');
    type('\x01\x1b[3~H');
    expect(screen.text()).toBe('$ Hello world');
    type('\x05\x7f\x7fLD');
    expect(screen.text()).toBe('$ Hello worLD');
    expect(ed.cursor).toBe(ed.text.length);
  });

  it('kills and yanks: Ctrl-U, Ctrl-K, Ctrl-W, Ctrl-Y', () => {
    const { ed, screen, type } = editor(40);
    type('docker run busybox');
    type('\x17');
    expect(ed.text).toBe('docker run ');
    type('\x19');
    expect(ed.text).toBe('docker run busybox');
    type('\x01\x1bf\x0b');
    expect(ed.text).toBe('docker');
    expect(screen.text()).toBe('$ docker');
    type('\x15');
    expect(ed.text).toBe('');
    expect(screen.text()).toBe('$');
  });

  it('keeps the cursor right on lines that wrap', () => {
    const { ed, screen, type } = editor(10);
    type('abcdefghijklmnopqrstu');
    expect(screen.text()).toBe('$ abcdefgh\nijklmnopqr\nstu');
    type('\x01X');
    expect(screen.text()).toBe('$ Xabcdefg\nhijklmnopq\nrstu');
    expect(screen.row).toBe(0);
    expect(screen.col).toBe(3);
    type('\x05\x7f\x7f\x7f\x7f');
    expect(screen.text()).toBe('$ Xabcdefg\nhijklmnopq');
    expect([screen.row, screen.col]).toEqual([2, 0]);
    type('Z');
    expect(screen.text()).toBe('$ Xabcdefg\nhijklmnopq\nZ');
    expect(ed.text).toBe('XabcdefghijklmnopqZ');
  });

  it('counts CJK characters as two cells', () => {
    const { screen, type } = editor(10);
    type('echo 你好世界');
    // A wide character that does not fit moves to the next row.
    expect(screen.text()).toBe('$ echo 你\n好世界');
    type('\x1b[D\x1b[D\x1b[D!');
    expect(screen.text()).toBe('$ echo 你!\n好世界');
    expect([screen.row, screen.col]).toEqual([1, 0]);
  });

  it('walks the history and keeps the draft', () => {
    const { ed, screen, type } = editor(40, ['docker ps', 'docker images']);
    type('dra');
    type('\x1b[A');
    expect(screen.text()).toBe('$ docker images');
    type('\x1b[A\x1b[A');
    expect(ed.text).toBe('docker ps');
    type('\x1b[B\x1b[B');
    expect(screen.text()).toBe('$ dra');
  });

  it('leaves Enter, Tab, Ctrl-C, Ctrl-D on an empty line and Ctrl-L to the shell', () => {
    const { type } = editor();
    expect(type('\x04')).toEqual(['eof']);
    expect(type('a\x04\t\x03\x0c\r')).toEqual(['complete', 'interrupt', 'clear', 'enter']);
  });

  it('ignores escape sequences it does not know (a terminal\'s cursor report)', () => {
    const { ed, type } = editor();
    type('ls\x1b[24;5R\x1b[15~');
    expect(ed.text).toBe('ls');
  });
});
