/** Command text for job listings (ash's cmdtxt), rebuilt from the tree. */
import type { Node, Part, Redir, Word } from './ast.ts';

function partText(p: Part): string {
  switch (p.k) {
    case 'lit':
      return p.v;
    case 'q':
      return /^[A-Za-z0-9_@%+=:,./-]*$/.test(p.v) && p.v !== '' ? p.v : "'" + p.v + "'";
    case 'dq':
      return '"' + p.parts.map(partText).join('') + '"';
    case 'param':
      return p.op === '' ? '$' + (p.name.length > 1 ? '{' + p.name + '}' : p.name) : '${' + p.name + p.op + (p.arg ? wordText(p.arg) : '') + '}';
    case 'cmd':
      return '$(' + commandText(p.body) + ')';
    case 'arith':
      return '$((' + wordText(p.expr) + '))';
  }
}

export function wordText(w: Word): string {
  return w.map(partText).join('');
}

function redirText(r: Redir): string {
  const fd = (r.op.startsWith('<') && r.fd === 0) || (r.op.startsWith('>') && r.fd === 1) ? '' : String(r.fd);
  return fd + r.op + (r.op.startsWith('<<') ? '' : wordText(r.target));
}

export function commandText(n: Node): string {
  switch (n.k) {
    case 'simple':
      return [...n.assigns.map((a) => a.name + '=' + wordText(a.value)), ...n.args.map(wordText), ...n.redirs.map(redirText)].join(' ');
    case 'pipe':
      return n.cmds.map(commandText).join(' | ');
    case 'and':
      return commandText(n.a) + ' && ' + commandText(n.b);
    case 'or':
      return commandText(n.a) + ' || ' + commandText(n.b);
    case 'not':
      return '! ' + commandText(n.n);
    case 'list':
      return n.items.map(commandText).join('; ');
    case 'bg':
      return commandText(n.n) + ' &';
    case 'if':
      return 'if ' + commandText(n.cond) + '; then ' + commandText(n.then) + (n.else ? '; else ' + commandText(n.else) : '') + '; fi';
    case 'loop':
      return (n.until ? 'until ' : 'while ') + commandText(n.cond) + '; do ' + commandText(n.body) + '; done';
    case 'for':
      return 'for ' + n.name + (n.words ? ' in ' + n.words.map(wordText).join(' ') : '') + '; do ' + commandText(n.body) + '; done';
    case 'case':
      return 'case ' + wordText(n.word) + ' in ...; esac';
    case 'sub':
      return '(' + commandText(n.body) + ')' + n.redirs.map((r) => ' ' + redirText(r)).join('');
    case 'redir':
      return '{ ' + commandText(n.body) + '; }' + n.redirs.map((r) => ' ' + redirText(r)).join('');
    case 'func':
      return n.name + '() { ... }';
  }
}
