/** The shell's syntax tree (ash's node types, simplified). Trees are immutable and shared between shells. */

export type Part =
  /** Unquoted text (still subject to globbing). */
  | { k: 'lit'; v: string }
  /** Quoted text: '…', \c, $'…'. */
  | { k: 'q'; v: string }
  | { k: 'dq'; parts: Part[] }
  /**
   * ${name OP arg}. op: '' | '-' | ':-' | '=' | ':=' | '?' | ':?' | '+' | ':+' |
   * '#' | '##' | '%' | '%%' | 'len' | '/' | '//' | ':' (substring; arg = offset, arg2 = length).
   */
  | { k: 'param'; name: string; op: string; arg?: Word; arg2?: Word }
  | { k: 'cmd'; body: Node }
  | { k: 'arith'; expr: Word };

export type Word = Part[];

export type RedirOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '<<' | '<<-' | '&>';

export interface Redir {
  fd: number;
  op: RedirOp;
  /** File name, or for <& / >& the fd ("-" closes). */
  target: Word;
  /** Here-document body (already split out of the source). */
  here?: Word;
}

export interface Assign {
  name: string;
  value: Word;
}

export type Node =
  | { k: 'simple'; line: number; assigns: Assign[]; args: Word[]; redirs: Redir[] }
  | { k: 'pipe'; cmds: Node[] }
  | { k: 'and'; a: Node; b: Node }
  | { k: 'or'; a: Node; b: Node }
  | { k: 'not'; n: Node }
  | { k: 'list'; items: Node[] }
  | { k: 'bg'; n: Node }
  | { k: 'if'; cond: Node; then: Node; else: Node | null }
  | { k: 'loop'; until: boolean; cond: Node; body: Node }
  | { k: 'for'; line: number; name: string; words: Word[] | null; body: Node }
  | { k: 'case'; line: number; word: Word; items: { pats: Word[]; body: Node | null }[] }
  | { k: 'sub'; body: Node; redirs: Redir[] }
  | { k: 'redir'; body: Node; redirs: Redir[] }
  | { k: 'func'; name: string; body: Node };
