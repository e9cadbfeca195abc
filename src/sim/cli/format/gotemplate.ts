/**
 * Go's text/template (Go 1.24 semantics) with docker/cli's functions, as used by
 * `docker inspect -f`, `docker ps/images/… --format`.
 *
 *   const t = parseTemplate('{{.State.Status}}');   // throws TemplateError
 *   t.execute(data);                                 // throws TemplateError
 *
 * Data: see govalue.ts. Plain JS objects are map[string]interface{} (JSON
 * decoded); typed Go values (GoInt, GoStruct…) model what docker/cli really
 * executes against. How docker uses this (docker/cli, Docker 29 and 20.10):
 * - Every error is printed as "template parsing error: " + message (lower case;
 *   formatter.Context for ps/images/…, inspect.NewTemplateInspectorFromString,
 *   system info/version) — both for parse and for execution errors.
 * - `docker inspect -f` first executes against the typed struct; if that fails
 *   it decodes the raw JSON (json.Number for numbers) and executes again with
 *   {missingKey: 'error'}; only that second error is shown.
 * - `--format 'table …'`: the caller strips "table ", trims spaces, turns the
 *   two-character sequences \t and \n into tab/newline, renders the header
 *   with {funcs: 'header'} on a map of column names (errors ignored), and
 *   feeds everything through tabwriter.ts.
 * Not modelled: complex numbers, %[n] argument indexes, maxExecDepth.
 */
import {
  BUILTIN_NAMES,
  FUNC_NAMES,
  HEADER_FUNCS,
  Iface,
  builtinFuncs,
  concrete,
  derefStruct,
  dockerFuncs,
  elemValue,
  indirect,
  isTrue,
  staticType,
  truth,
  zeroValue,
  type TemplateFunc,
  type V,
} from './gotemplate-funcs.ts';
import {
  TemplateError,
  errorLocation,
  nodeString,
  parse,
  type ArgNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type ListNode,
  type Node,
  type NumberNode,
  type ParsedTemplate,
  type PipeNode,
  type VariableNode,
} from './gotemplate-parse.ts';
import { sprint } from './gofmt.ts';
import {
  GoInt,
  GoMap,
  GoNil,
  GoSlice,
  GoStruct,
  isGoFunc,
  isPlainObject,
  kindOf,
  mapEntries,
  paramType,
  sliceItems,
  typeName,
  type GoObject,
  type GoParam,
  type GoValue,
} from './govalue.ts';
import { quote } from './quote.ts';

export { TemplateError } from './gotemplate-parse.ts';
export * from './govalue.ts';

export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

export interface ExecOptions {
  /** template.Option("missingkey=…"); docker's raw inspect fallback uses 'error'. */
  missingKey?: MissingKey;
  /** 'header': docker's HeaderFunctions (table headers). */
  funcs?: 'basic' | 'header';
  /** Docker 20.10's CLI: Go 1.19 (no range over int, json \u0008), strings.Join, json errors ignored. */
  version?: '29' | '20.10';
}

const MISSING = Symbol('missing');
type Final = V | typeof MISSING;
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

interface Variable {
  name: string;
  value: V;
}

const funcTables = new Map<string, Record<string, TemplateFunc>>();

/** The function table of one execution flavour, built once. */
function funcTable(legacy: boolean, header: boolean): Record<string, TemplateFunc> {
  const key = `${legacy}/${header}`;
  let t = funcTables.get(key);
  if (!t) {
    t = { ...builtinFuncs(legacy), ...dockerFuncs(legacy), ...(header ? HEADER_FUNCS : {}) };
    funcTables.set(key, t);
  }
  return t;
}

class State {
  readonly tmpl: ParsedTemplate;
  readonly funcs: Record<string, TemplateFunc>;
  readonly missingKey: MissingKey;
  readonly legacy: boolean;
  name: string;
  node: Node | null = null;
  vars: Variable[];
  out = '';

  constructor(tmpl: ParsedTemplate, data: V, o: ExecOptions) {
    this.tmpl = tmpl;
    this.legacy = o.version === '20.10';
    this.funcs = funcTable(this.legacy, o.funcs === 'header');
    this.missingKey = o.missingKey ?? 'default';
    this.name = tmpl.name;
    this.vars = [{ name: '$', value: data }];
  }

  errorf(msg: string): never {
    if (this.node === null) throw new TemplateError(`template: ${this.name}: ${msg}`);
    const location = errorLocation(this.tmpl, this.node.pos);
    throw new TemplateError(`template: ${location}: executing ${quote(this.name)} at <${nodeString(this.node)}>: ${msg}`);
  }

  at(node: Node): void {
    this.node = node;
  }

  varValue(name: string): V {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) return v.value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  setVar(name: string, value: V): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  setTopVar(n: number, value: V): void {
    const v = this.vars[this.vars.length - n];
    if (v) v.value = value;
  }

  // ------------------------------------------------------------ walk

  walk(dot: V, node: Node): void {
    this.at(node);
    switch (node.type) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node.name, node.pipe);
        return;
      case 'text':
        this.out += node.text;
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  walkIfOrWith(dot: V, node: BranchNode): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      const [t, ok] = isTrue(concrete(val));
      if (!ok) this.errorf(`if/with can't use ${sprint([concrete(val)])}`);
      if (t) this.walk(node.type === 'with' ? val : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  walkRange(dot: V, r: BranchNode): void {
    this.at(r);
    const mark0 = this.vars.length;
    try {
      const val = indirect(this.evalPipeline(dot, r.pipe))[0];
      const mark = this.vars.length;
      const decl = r.pipe.decl;
      const one = (index: V, elem: V): void => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0]?.ident[0] ?? '', decl.length > 1 ? index : elem);
          else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]?.ident[0] ?? '', elem);
          else this.setTopVar(2, index);
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = mark;
        }
      };
      const c = concrete(val);
      let ran = false;
      try {
        if (c instanceof GoInt && !this.legacy) {
          if (decl.length > 1) this.errorf(`can't use ${sprint([c])} to iterate over more than one variable`);
          for (let i = 0; i < c.value; i++) {
            ran = true;
            one(undefined, new GoInt(i, c.type));
          }
        } else if (Array.isArray(c) || c instanceof GoSlice) {
          const elem = Array.isArray(c) ? 'interface {}' : c.elem;
          sliceItems(c).forEach((item, i) => {
            ran = true;
            one(new GoInt(i, 'int'), elemValue(item, elem));
          });
        } else if (c !== undefined && kindOf(c) === 'map') {
          const m = c as GoObject | GoMap;
          const elem = m instanceof GoMap ? m.elem : 'interface {}';
          for (const [k, v] of mapEntries(m)) {
            ran = true;
            one(k, elemValue(v, elem));
          }
        } else if (c !== undefined) {
          this.errorf(`range can't iterate over ${sprint([c])}`);
        }
      } catch (e) {
        if (e === BREAK) return;
        throw e;
      }
      if (!ran && r.elseList) this.walk(dot, r.elseList);
    } finally {
      this.vars.length = mark0;
    }
  }

  walkTemplate(dot: V, name: string, pipe: PipeNode | null): void {
    const list = this.tmpl.defs.get(name);
    if (!list) this.errorf(`template ${quote(name)} not defined`);
    const value = this.evalPipeline(dot, pipe);
    const saved = { vars: this.vars, name: this.name };
    this.vars = [{ name: '$', value }];
    this.name = name;
    try {
      this.walk(value, list as ListNode);
    } finally {
      this.vars = saved.vars;
      this.name = saved.name;
    }
  }

  printValue(node: Node, v: V): void {
    this.at(node);
    let c = v instanceof Iface ? v.v : v;
    if (c instanceof GoStruct && c.pointer) c = derefStruct(c);
    if (c === undefined) {
      this.out += '<no value>';
      return;
    }
    if (isGoFunc(c)) this.errorf(`can't print ${nodeString(node)} of type ${typeName(c)}`);
    this.out += sprint([c]);
  }

  // ------------------------------------------------------------ eval

  evalPipeline(dot: V, pipe: PipeNode | null): V {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // an interface{} result is unwrapped to what it holds
      if (value instanceof Iface) value = value.v;
      else if (value === null) value = undefined;
    }
    const v = value === MISSING ? undefined : value;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0] ?? '', v);
      else this.vars.push({ name: variable.ident[0] ?? '', value: v });
    }
    return v;
  }

  notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args[0] as ArgNode)}`);
    }
  }

  evalCommand(dot: V, cmd: CommandNode, final: Final): V {
    const first = cmd.args[0] as ArgNode;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    return this.errorf(`can't evaluate command ${quote(nodeString(first))}`);
  }

  idealConstant(n: NumberNode): V {
    this.at(n);
    const hexInt = /^0[xX]./.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !hexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float;
    if (n.isInt) return new GoInt(n.int, 'int');
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  evalFieldNode(dot: V, field: FieldNode, args: ArgNode[], final: Final): V {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  evalChainNode(dot: V, chain: ChainNode, args: ArgNode[] | null, final: Final): V {
    this.at(chain);
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  evalVariableNode(dot: V, variable: VariableNode, args: ArgNode[] | null, final: Final): V {
    this.at(variable);
    const value = this.varValue(variable.ident[0] ?? '');
    if (variable.ident.length === 1) {
      this.notAFunction(args ?? [variable], final);
      return value;
    }
    return this.evalFieldChain(dot, value, variable, variable.ident.slice(1), args, final);
  }

  evalFieldChain(dot: V, receiver: V, node: Node, ident: string[], args: ArgNode[] | null, final: Final): V {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(dot, ident[i] ?? '', node, null, MISSING, receiver);
    return this.evalField(dot, ident[n - 1] ?? '', node, args, final, receiver);
  }

  evalFunction(dot: V, node: IdentifierNode, cmd: Node, args: ArgNode[] | null, final: Final): V {
    this.at(node);
    const fn = this.funcs[node.ident];
    if (!fn) return this.errorf(`${quote(node.ident)} is not a defined function`);
    return this.evalCall(dot, fn, BUILTIN_NAMES.has(node.ident), cmd, node.ident, args, final);
  }

  evalField(dot: V, fieldName: string, node: Node, args: ArgNode[] | null, final: Final, receiver: V): V {
    if (receiver === undefined) {
      if (this.missingKey === 'error') this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      return undefined;
    }
    const typ = staticType(receiver);
    const [r, isNil] = indirect(receiver);
    if (r === null) return this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (r instanceof GoStruct) {
      const method = r.methods[fieldName];
      if (method) {
        const fn = { params: method.params, fn: (...a: V[]): V => method.fn(...(a as GoValue[])) };
        return this.evalCall(dot, method.variadic ? { ...fn, variadic: method.variadic } : fn, false, node, fieldName, args, final);
      }
      if (Object.hasOwn(r.fields, fieldName)) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return r.fields[fieldName];
      }
      if (r.unexported.includes(fieldName)) this.errorf(`${fieldName} is an unexported field of struct type ${typ}`);
    } else if (isPlainObject(r) || r instanceof GoMap) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const entries = r instanceof GoMap ? r.entries : r;
      const elem = r instanceof GoMap ? r.elem : 'interface {}';
      if (Object.hasOwn(entries, fieldName)) return elemValue(entries[fieldName], elem);
      if (this.missingKey === 'zero') return zeroValue(elem);
      if (this.missingKey === 'error') this.errorf(`map has no entry for key ${quote(fieldName)}`);
      return undefined;
    } else if (r instanceof GoNil && isNil && (!r.fields || r.fields.includes(fieldName))) {
      this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    }
    return this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  evalCall(dot: V, fun: TemplateFunc, isBuiltin: boolean, node: Node, name: string, argNodes: ArgNode[] | null, final: Final): V {
    const args = argNodes ? argNodes.slice(1) : [];
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    let numFixed = args.length;
    if (fun.variadic) {
      numFixed = fun.params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`);
    } else if (numIn !== fun.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${fun.params.length} got ${numIn}`);
    }
    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: V = undefined;
      for (const arg of args) {
        v = this.evalArg(dot, 'value', arg);
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    const argv: V[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, fun.params[i] ?? 'any', args[i] as ArgNode));
    if (fun.variadic) for (; i < args.length; i++) argv.push(this.evalArg(dot, fun.variadic, args[i] as ArgNode));
    if (final !== MISSING) {
      let t: GoParam = fun.params[fun.params.length - 1] ?? 'any';
      if (fun.variadic) t = numIn - 1 < numFixed ? (fun.params[numIn - 1] ?? 'any') : fun.variadic;
      argv.push(this.validateType(final, t));
    }
    if (isBuiltin && name === 'call') return this.call(node, args, argv, final);
    try {
      return fun.fn(...argv);
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      this.at(node);
      return this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The builtin `call`: only GoFunc values can be called. */
  call(node: Node, args: ArgNode[], argv: V[], final: Final): V {
    const callee = args.length === 0 ? sprint([concrete(final as V)]) : nodeString(args[0] as ArgNode);
    const fn = concrete(argv[0]);
    const fail = (msg: string): never => {
      this.at(node);
      return this.errorf(`error calling call: ${msg}`);
    };
    if (fn === undefined) return fail('call of nil');
    if (!isGoFunc(fn)) return fail(`non-function ${this.legacy ? '' : callee + ' '}of type ${typeName(fn)}`);
    const rest = argv.slice(1).map(concrete);
    if (rest.length !== fn.params.length) {
      return fail(`wrong number of args for ${callee}: got ${rest.length} want ${fn.params.length}`);
    }
    try {
      return fn.fn(...rest);
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }

  validateType(value: V, typ: GoParam | null): V {
    if (value === undefined) {
      if (typ === null || typ === 'value') return undefined;
      if (typ === 'any') return null;
      return this.errorf(`invalid value; expected ${paramType(typ)}`);
    }
    if (typ === null || typ === 'value') return value;
    const c = value instanceof Iface ? value.v : value;
    if (typ === 'any') return c === undefined ? null : c;
    const ok =
      (typ === 'string' && typeof c === 'string') ||
      (typ === 'bool' && typeof c === 'boolean') ||
      (typ === 'int' && c instanceof GoInt && c.type === 'int') ||
      (typ === '[]string' && c instanceof GoSlice && c.type === '[]string');
    if (ok) return c;
    return this.errorf(`wrong type for value; expected ${paramType(typ)}; got ${staticType(c)}`);
  }

  evalArg(dot: V, typ: GoParam | null, n: ArgNode): V {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === 'any') return null;
        if (typ === 'value') return undefined;
        return this.errorf(`cannot assign nil to ${typ === null ? '<nil>' : paramType(typ)}`);
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return n.value;
        return this.errorf(`expected bool; found ${nodeString(n)}`);
      case 'int':
        if (n.type === 'number' && n.isInt) return new GoInt(n.int, 'int');
        return this.errorf(`expected integer; found ${nodeString(n)}`);
      case 'string':
        if (n.type === 'string') return n.text;
        return this.errorf(`expected string; found ${nodeString(n)}`);
      case '[]string':
        return this.errorf(`can't handle ${nodeString(n)} for arg of type []string`);
    }
    // interface{} / reflect.Value: the literal's natural type
    switch (n.type) {
      case 'bool':
        return n.value;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
    }
  }
}

/** A parsed template. */
export class Template {
  readonly parsed: ParsedTemplate;
  constructor(parsed: ParsedTemplate) {
    this.parsed = parsed;
  }

  /** Executes the template; throws TemplateError (with `.output` = what was written before the error). */
  execute(data: GoValue, o: ExecOptions = {}): string {
    const s = new State(this.parsed, data === null ? undefined : data, o);
    try {
      s.walk(data === null ? undefined : data, this.parsed.root);
    } catch (e) {
      if (e instanceof TemplateError) {
        e.output = s.out;
        throw e;
      }
      throw e;
    }
    return s.out;
  }
}

/** Parses like docker's templates.Parse (template.New("").Funcs(basicFunctions).Parse(src)). */
export function parseTemplate(src: string, o: { name?: string; version?: '29' | '20.10' } = {}): Template {
  try {
    return new Template(parse(src, { name: o.name ?? '', funcs: FUNC_NAMES, legacy: o.version === '20.10' }));
  } catch (e) {
    if (e instanceof TemplateError) throw e;
    throw new TemplateError(e instanceof Error ? e.message : String(e));
  }
}

/** Convenience: parse and execute in one go. */
export const executeTemplate = (src: string, data: GoValue, o?: ExecOptions): string => parseTemplate(src).execute(data, o);
