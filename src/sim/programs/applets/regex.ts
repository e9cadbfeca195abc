/** POSIX basic/extended regular expressions translated to JavaScript RegExp sources. */

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v', blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~',
};

function bracket(re: string, start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (re[i] === '^') {
    out += '^';
    i++;
  }
  if (re[i] === ']') {
    out += '\\]';
    i++;
  }
  for (; i < re.length; i++) {
    const c = re[i]!;
    if (c === ']') return [out + ']', i];
    if (c === '[' && re[i + 1] === ':') {
      const end = re.indexOf(':]', i + 2);
      if (end > 0) {
        out += CLASSES[re.slice(i + 2, end)] ?? '';
        i = end + 1;
        continue;
      }
    }
    if (c === '\\' || c === '[') out += '\\' + c;
    else out += c;
  }
  return ['\\[', start];
}

/** Translates a POSIX regex (BRE unless `extended`) to a JS regex source. */
export function posixToJs(re: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === '[') {
      const [b, end] = bracket(re, i);
      out += b;
      i = end;
      continue;
    }
    if (c === '\\') {
      const n = re[i + 1];
      i++;
      if (n === undefined) {
        out += '\\\\';
        break;
      }
      if (!extended && '(){}|+?'.includes(n)) out += n;
      else if (/[0-9]/.test(n)) out += '\\' + n;
      else if (n === '<' || n === '>') out += '\\b';
      else if ('wWsSbB'.includes(n)) out += '\\' + n;
      else out += /[A-Za-z0-9]/.test(n) ? n : '\\' + n;
      continue;
    }
    if (!extended && '(){}|+?'.includes(c)) {
      out += '\\' + c;
      continue;
    }
    if (c === '*' && (out === '' || out.endsWith('(') || out.endsWith('|') || out === '^')) {
      out += '\\*';
      continue;
    }
    if (c === '/' ) {
      out += '\\/';
      continue;
    }
    out += c;
  }
  return out;
}

export function compile(re: string, extended: boolean, flags = ''): RegExp | undefined {
  try {
    return new RegExp(posixToJs(re, extended), flags);
  } catch {
    return undefined;
  }
}
