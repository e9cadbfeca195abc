/** docker container prune [-f] [--filter until=…] */
import { EngineError } from '../../errors.ts';
import { humanSize } from '../format/size.ts';
import { type Ctx, bool, errorText, isOld, list } from '../context.ts';
import { parseFilters } from './filters.ts';

export async function containerPrune(ctx: Ctx): Promise<number> {
  if (!bool(ctx, 'force')) {
    const answer = await confirmPrune(ctx, 'WARNING! This will remove all stopped containers.');
    if (answer !== 'yes') return answer;
  }
  try {
    const r = await ctx.engine.containersPrune(parseFilters(list(ctx, 'filter')));
    let out = '';
    if (r.ContainersDeleted && r.ContainersDeleted.length) out += `Deleted Containers:\n${r.ContainersDeleted.join('\n')}\n\n`;
    out += `Total reclaimed space: ${humanSize(r.SpaceReclaimed)}\n`;
    ctx.io.out(out);
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
}

/**
 * The prune prompt (`[y/N]`): 'yes' to go on, else the exit code to end with.
 *
 * 20.10 (`command.PromptForConfirmation`: bufio ReadLine, `strings.ToLower(answer) == "y"`)
 * takes exactly `y` or `Y`, untrimmed (`yes`, ` y`, `y ` are a no) and, when
 * declined, still reports 0B reclaimed. Current Docker (`prompt.Confirm`) trims
 * blanks, takes only y/Y and says nothing more (a cancelled prune exits 0).
 * Ctrl-C at the prompt: 20.10 dies of SIGINT (130, nothing more printed);
 * current Docker prints a newline and exits 0 (ErrTerminated is a "cancelled" error).
 */
export async function confirmPrune(ctx: Ctx, warning: string): Promise<'yes' | number> {
  ctx.io.out(`${warning}\nAre you sure you want to continue? [y/N] `);
  const answer = await readLine(ctx);
  if (answer === INTERRUPTED) {
    if (isOld(ctx)) return 130;
    ctx.io.out('\n');
    return 0;
  }
  const yes = isOld(ctx) ? answer.toLowerCase() === 'y' : answer.trim().toLowerCase() === 'y';
  if (yes) return 'yes';
  if (isOld(ctx)) ctx.io.out('Total reclaimed space: 0B\n');
  return 0;
}

/** readLine's answer when Ctrl-C was typed at a terminal (SIGINT to the client). */
export const INTERRUPTED: unique symbol = Symbol('interrupted');

/**
 * One line from the client's stdin, without its line end ("\n", or "\r\n" as Go's
 * bufio ReadLine and Scanner drop it); what was read so far at EOF ('' if nothing).
 *
 * A terminal stdin delivers keys, and the client reads its answer in the
 * terminal's cooked mode, so the line discipline applies first: Enter (CR)
 * ends the line (ICRNL), ^D ends input on an empty line or hands over what is
 * typed without a line end (VEOF), backspace/^U edit the line not yet handed
 * over (VERASE/VKILL), ^C interrupts (ISIG: INTERRUPTED). Echoing the typed
 * answer is the terminal's business, not the client's: nothing of it goes to
 * the client's stdout. Input that is already cooked (a shell that runs the line
 * discipline itself hands over "y\n") reads the same.
 */
export function readLine(ctx: Ctx): Promise<string | typeof INTERRUPTED> {
  const stdin = ctx.io.stdin;
  const read = stdin.read;
  if (!read) return Promise.resolve('');
  return new Promise((resolve) => {
    let line = '';
    /** How much of `line` the line discipline has handed over already (^D): no longer editable. */
    let delivered = 0;
    let done = false;
    let stop: (() => void) | undefined;
    const finish = (v: string | typeof INTERRUPTED) => {
      if (done) return;
      done = true;
      stop?.();
      resolve(v);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (done) return;
        if (!stdin.isTTY) {
          if (ch === '\n') finish(line.endsWith('\r') ? line.slice(0, -1) : line);
          else line += ch;
          continue;
        }
        switch (ch) {
          case '\r': // ICRNL
          case '\n':
            finish(line);
            break;
          case '\x03': // ^C: SIGINT
            finish(INTERRUPTED);
            break;
          case '\x04': // ^D: EOF on an empty line, else hand over what is typed
            if (line.length === delivered) finish(line);
            else delivered = line.length;
            break;
          case '\x7f':
          case '\b':
            if (line.length > delivered) line = line.slice(0, -1);
            break;
          case '\x15': // ^U
            line = line.slice(0, delivered);
            break;
          default:
            line += ch;
        }
      }
    };
    stop = read.call(stdin, onData, () => finish(line));
    if (done) stop();
  });
}
