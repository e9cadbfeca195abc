/** docker logout [SERVER] (docker/cli 20.10 runLogout): forgets the stored credentials; never fails. */
import { INDEX_SERVER, LOGIN_TEXT, convertToHostname } from '../../images/registryCommandTexts.ts';
import type { Ctx } from '../context.ts';
import { credentialStore } from '../credentials.ts';

export async function logout(ctx: Ctx): Promise<number> {
  const given = ctx.parsed.args[0] ?? '';
  const server = given || INDEX_SERVER;
  const hostname = given ? convertToHostname(server) : server;
  // the keys tried, for configs written by older clients
  const keys = given ? [server, hostname, `http://${hostname}`, `https://${hostname}`] : [server];
  ctx.io.out(`${LOGIN_TEXT.removing(hostname)}\n`);
  const store = credentialStore(ctx.engine);
  for (const k of keys) store.delete(k);
  return 0;
}
