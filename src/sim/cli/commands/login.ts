/**
 * docker login [OPTIONS] [SERVER] (docker/cli 20.10 runLogin, ConfigureAuth):
 *
 *  - `-p`: a warning on stderr; with --password-stdin as well: an error. --password-stdin
 *    needs -u and reads all of stdin (one trailing "\n" and "\r" dropped).
 *  - No SERVER (or "docker.io"): Docker Hub, stored as "https://index.docker.io/v1/";
 *    any other server is stored by host name ("http://localhost:5000/" → "localhost:5000").
 *  - Neither -u nor -p and credentials stored for that server: "Authenticating with
 *    existing credentials..." and a login with them.
 *  - Otherwise a password must be given unless stdin is a terminal ("Cannot perform an
 *    interactive login from a non TTY device"); missing parts are prompted for
 *    (`Username: `, `Password: `); stdin at its end prints "EOF" and exits 1.
 *  - The daemon checks the credentials against the registry (POST /auth); then the
 *    client stores them in its config file, warns that they are stored unencrypted
 *    and prints the daemon's "Login Succeeded".
 * v29 words a few of these differently (lower case, "non-TTY"); its Docker Hub
 * web-based login is not simulated.
 */
import type { RegistryAuth } from '../../api.ts';
import { EngineError } from '../../errors.ts';
import { CLIENT_CONFIG_FILE, INDEX_SERVER, LOGIN_TEXT, convertToHostname } from '../../images/registryCommandTexts.ts';
import { CliError, type Ctx, bool, errorText, isOld, str } from '../context.ts';
import { credentialStore, storedCredentials } from '../credentials.ts';

const EOF: unique symbol = Symbol('EOF');
const INTERRUPTED: unique symbol = Symbol('interrupted');

/**
 * One line of stdin as bufio's ReadLine gives it (without "\n" / "\r\n"); EOF when
 * stdin ends before anything was read. A terminal is read in cooked mode: Enter ends
 * the line, ^D on an empty line is EOF, ^C interrupts, backspace and ^U edit.
 */
function readInput(ctx: Ctx): Promise<string | typeof EOF | typeof INTERRUPTED> {
  const stdin = ctx.io.stdin;
  if (!stdin.read) return Promise.resolve(EOF);
  return new Promise((resolve) => {
    let line = '';
    let done = false;
    let stop: (() => void) | undefined;
    const finish = (v: string | typeof EOF | typeof INTERRUPTED) => {
      if (done) return;
      done = true;
      stop?.();
      resolve(v);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (done) return;
        if (ch === '\n' || (stdin.isTTY && ch === '\r')) finish(line.endsWith('\r') && !stdin.isTTY ? line.slice(0, -1) : line);
        else if (stdin.isTTY && ch === '\x03') finish(INTERRUPTED);
        else if (stdin.isTTY && ch === '\x04') finish(line === '' ? EOF : line);
        else if (stdin.isTTY && (ch === '\x7f' || ch === '\b')) line = line.slice(0, -1);
        else if (stdin.isTTY && ch === '\x15') line = '';
        else line += ch;
      }
    };
    stop = stdin.read!(onData, () => finish(line === '' ? EOF : line));
    if (done) stop();
  });
}

/** All of stdin (io.ReadAll), up to its end. */
function readAll(ctx: Ctx): Promise<string> {
  const stdin = ctx.io.stdin;
  if (!stdin.read) return Promise.resolve('');
  return new Promise((resolve) => {
    let all = '';
    let done = false;
    const stop = stdin.read!(
      (d) => {
        // ^D on a terminal ends the input
        if (stdin.isTTY && d.includes('\x04')) {
          all += d.slice(0, d.indexOf('\x04'));
          done = true;
          stop?.();
          resolve(all);
        } else all += d;
      },
      () => {
        if (!done) resolve(all);
      },
    );
  });
}

class Exit {
  readonly code: number;
  constructor(code: number) {
    this.code = code;
  }
}

/** ConfigureAuth: the prompts for what was not given; the credentials, or how the client ends. */
async function configureAuth(ctx: Ctx, user: string, password: string, defaults: { username: string }, hub: boolean): Promise<{ username: string; password: string }> {
  const old = isOld(ctx);
  // 29 also wants a terminal when only the user name is missing
  if ((password === '' || (!old && user.trim() === '')) && !ctx.io.stdin.isTTY) {
    throw new CliError(old ? LOGIN_TEXT.nonTTY : 'error: cannot perform an interactive login from a non-TTY device');
  }
  let username = user.trim();
  if (username === '') {
    if (hub) ctx.io.out(`${LOGIN_TEXT.hubPrompt}\n`);
    ctx.io.out(defaults.username ? `Username (${defaults.username}): ` : 'Username: ');
    const line = await readInput(ctx);
    if (line === INTERRUPTED) throw new Exit(130);
    if (line === EOF) {
      ctx.io.out('EOF\n');
      throw new Exit(1);
    }
    username = line.trim() || defaults.username;
  }
  if (username === '') throw new CliError(old ? LOGIN_TEXT.usernameRequired : 'error: username is required');
  if (password === '') {
    ctx.io.out('Password: ');
    const line = await readInput(ctx);
    if (line === INTERRUPTED) throw new Exit(130);
    if (line === EOF) {
      ctx.io.out('EOF\n');
      throw new Exit(1);
    }
    ctx.io.out('\n');
    if (line === '') throw new CliError(old ? LOGIN_TEXT.passwordRequired : 'error: password is required');
    password = line;
  }
  return { username, password };
}

export async function login(ctx: Ctx): Promise<number> {
  const old = isOld(ctx);
  const user = str(ctx, 'username');
  let password = str(ctx, 'password');
  let passwordStdin = bool(ctx, 'password-stdin');
  if (!old && password === '-') {
    password = '';
    passwordStdin = true;
  }
  if (password !== '') {
    ctx.io.err(`${LOGIN_TEXT.insecurePassword}\n`);
    if (passwordStdin) {
      ctx.io.err(`${LOGIN_TEXT.exclusive}\n`);
      return 1;
    }
  }
  if (passwordStdin) {
    if (user === '') {
      ctx.io.err(`${old ? LOGIN_TEXT.stdinNeedsUser : 'username is empty'}\n`);
      return 1;
    }
    password = (await readAll(ctx)).replace(/\n$/, '').replace(/\r$/, '');
  }

  const given = ctx.parsed.args[0] ?? '';
  const server = given !== '' && given !== 'docker.io' ? given : INDEX_SERVER;
  const hub = server === INDEX_SERVER;
  const key = hub ? server : convertToHostname(server);
  const check = user === '' && password === '';
  const stored = check ? storedCredentials(ctx.engine, key) : undefined;
  let auth: RegistryAuth | undefined;
  let status: string | undefined;
  let failed = true;
  try {
    if (stored?.username && stored.password) {
      ctx.io.out(`${LOGIN_TEXT.existing}\n`);
      auth = { username: stored.username, password: stored.password, serverAddress: key };
      try {
        status = (await ctx.engine.registryLogin(auth)).Status;
        failed = false;
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        ctx.io.err(e.errorClass === 'forbidden' ? `${LOGIN_TEXT.storedInvalid}\n` : `Login did not succeed, error: ${errorText(e)}\n`);
      }
    }
    if (failed) {
      const creds = await configureAuth(ctx, user, password, { username: stored?.username ?? '' }, hub);
      auth = { ...creds, serverAddress: key };
      status = (await ctx.engine.registryLogin(auth)).Status;
    }
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof EngineError) {
      ctx.io.err(`${errorText(e)}\n`);
      return 1;
    }
    if (e instanceof CliError) {
      ctx.io.err(`${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
  ctx.io.err(`${LOGIN_TEXT.unencrypted(CLIENT_CONFIG_FILE)}\n`);
  credentialStore(ctx.engine).set(key, { username: auth!.username!, password: auth!.password!, serverAddress: key });
  if (status) ctx.io.out(`${status}\n`);
  return 0;
}
