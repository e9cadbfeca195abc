/** Splits raw terminal input (what xterm.js onData delivers) into keys: characters, controls, escape sequences. */
export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < data.length) {
    const c = data[i]!;
    if (c === '\x1b') {
      const n = data[i + 1];
      if (n === '[') {
        // CSI: parameter and intermediate bytes, then one final byte.
        let j = i + 2;
        while (j < data.length && data.charCodeAt(j) >= 0x20 && data.charCodeAt(j) <= 0x3f) j++;
        if (j < data.length) j++;
        keys.push(data.slice(i, j));
        i = j;
      } else if (n === 'O') {
        keys.push(data.slice(i, i + 3));
        i += 3;
      } else if (n === undefined) {
        keys.push(c);
        i++;
      } else {
        const cp = data.codePointAt(i + 1)!;
        const len = cp > 0xffff ? 2 : 1;
        keys.push(data.slice(i, i + 1 + len));
        i += 1 + len;
      }
      continue;
    }
    const cp = data.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    keys.push(data.slice(i, i + len));
    i += len;
  }
  return keys;
}

/** Printable text (no control characters, no escape sequences). */
export function isPrintable(key: string): boolean {
  const cp = key.codePointAt(0)!;
  return key.length <= 2 && cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0);
}
