/**
 * The messages between the site (src/play/real/) and `classroom serve`, one JSON
 * object per WebSocket text message, `t` naming the kind. Client messages are
 * checked field by field here; anything else is refused with an `error` reply and
 * the connection goes on.
 *
 * Client → server
 *   {t:'key', data}                       keys as xterm.js delivers them
 *   {t:'resize', cols, rows}              the terminal's size
 *   {t:'run', id, commands:[{text, input:[keys]}]}   a step: lines run as typed, input fed
 *   {t:'layers', id, name}                the layer diagram of a container
 *   {t:'reset', id}                       remove everything, start again empty
 * Server → client
 *   {t:'ready', session, version, engineRoot, hostRoot}
 *   {t:'out', data}                       what the terminal shows
 *   {t:'cmd', line, exitCode}             a command line finished
 *   {t:'busy', busy}
 *   {t:'state', diagram, focus}           the lifecycle diagram's data (sandbox.ts DiagramState)
 *   {t:'done', id, layers?, left?}        the answer to run / layers / reset
 *   {t:'error', code, message, id?}
 */
import type { DiagramState } from '../play/sandbox.ts';
import type { ViewLayer } from '../sim/fs/layered/view.ts';

/** Largest message either side sends or accepts (bytes of UTF-8). */
export const MAX_MESSAGE = 64 * 1024;
/** Most commands in one `run`. */
export const MAX_COMMANDS = 64;
export const PROTOCOL = 'classroom.v1';
/** The WebSocket subprotocol that carries the token: `token.<hex>`. */
export const TOKEN_PROTOCOL_PREFIX = 'token.';

export type ClientMessage =
  | { t: 'key'; data: string }
  | { t: 'resize'; cols: number; rows: number }
  | { t: 'run'; id: number; commands: Array<{ text: string; input: string[] }> }
  | { t: 'layers'; id: number; name: string }
  | { t: 'reset'; id: number };

export type ServerMessage =
  | { t: 'ready'; session: string; version: string; engineRoot: string; hostRoot: string }
  | { t: 'out'; data: string }
  | { t: 'cmd'; line: string; exitCode: number }
  | { t: 'busy'; busy: boolean }
  | { t: 'state'; diagram: DiagramState; focus: string | null }
  | { t: 'done'; id: number; layers?: ViewLayer[] | null; left?: string[] }
  | { t: 'error'; code: string; message: string; id?: number };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** A checked client message, or why it is refused. */
export function parseClientMessage(text: string): ClientMessage | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { error: 'malformed JSON' };
  }
  if (!isObject(v)) return { error: 'a message must be a JSON object' };
  const extra = (allowed: string[]) => Object.keys(v as object).find((k) => !allowed.includes(k));
  const bad = (why: string) => ({ error: `${String(v!['t'])}: ${why}` });
  switch (v['t']) {
    case 'key':
      if (extra(['t', 'data'])) return bad(`unknown field '${extra(['t', 'data'])}'`);
      if (typeof v['data'] !== 'string' || v['data'] === '') return bad('data must be a non-empty string');
      return { t: 'key', data: v['data'] };
    case 'resize':
      if (extra(['t', 'cols', 'rows'])) return bad(`unknown field '${extra(['t', 'cols', 'rows'])}'`);
      if (!isInt(v['cols'], 2, 1000) || !isInt(v['rows'], 1, 1000)) return bad('cols (2-1000) and rows (1-1000) must be integers');
      return { t: 'resize', cols: v['cols'], rows: v['rows'] };
    case 'run': {
      if (extra(['t', 'id', 'commands'])) return bad(`unknown field '${extra(['t', 'id', 'commands'])}'`);
      if (!isInt(v['id'], 0, Number.MAX_SAFE_INTEGER)) return bad('id must be a non-negative integer');
      const cmds = v['commands'];
      if (!Array.isArray(cmds) || cmds.length === 0 || cmds.length > MAX_COMMANDS) return bad(`commands must be a list of 1 to ${MAX_COMMANDS} commands`);
      const out: Array<{ text: string; input: string[] }> = [];
      for (const c of cmds) {
        if (!isObject(c) || typeof c['text'] !== 'string' || c['text'].trim() === '' || /[\r\n]/.test(c['text'])) return bad('each command needs a one-line text');
        const input = c['input'] ?? [];
        if (!Array.isArray(input) || !input.every((k) => typeof k === 'string')) return bad('input must be a list of strings');
        out.push({ text: c['text'], input: input as string[] });
      }
      return { t: 'run', id: v['id'], commands: out };
    }
    case 'layers':
      if (extra(['t', 'id', 'name'])) return bad(`unknown field '${extra(['t', 'id', 'name'])}'`);
      if (!isInt(v['id'], 0, Number.MAX_SAFE_INTEGER)) return bad('id must be a non-negative integer');
      if (typeof v['name'] !== 'string' || v['name'] === '' || v['name'].length > 256) return bad('name must be a container name or ID');
      return { t: 'layers', id: v['id'], name: v['name'] };
    case 'reset':
      if (extra(['t', 'id'])) return bad(`unknown field '${extra(['t', 'id'])}'`);
      if (!isInt(v['id'], 0, Number.MAX_SAFE_INTEGER)) return bad('id must be a non-negative integer');
      return { t: 'reset', id: v['id'] };
    default:
      return { error: `unknown message type ${JSON.stringify(v['t'])}` };
  }
}
