/** docker version (the parts the simulator knows). */
import type { Ctx } from '../context.ts';

export async function version(ctx: Ctx): Promise<number> {
  const v = await ctx.engine.version();
  const old = ctx.version === '20.10';
  const client = old
    ? { Version: '20.10.24+dfsg1', ApiVersion: '1.41', GoVersion: 'go1.19.8', GitCommit: '297e128', Built: 'Thu May 18 08:38:34 2023' }
    : { Version: '29.7.2', ApiVersion: '1.55', GoVersion: 'go1.24.6', GitCommit: 'a7dcaa6', Built: 'Tue Jun  2 10:00:00 2026' };
  ctx.io.out(
    [
      'Client:',
      ` Version:           ${client.Version}`,
      ` API version:       ${client.ApiVersion}`,
      ` Go version:        ${client.GoVersion}`,
      ` Git commit:        ${client.GitCommit}`,
      ` Built:             ${client.Built}`,
      ` OS/Arch:           linux/amd64`,
      ` Context:           default`,
      '',
      'Server:',
      ' Engine:',
      `  Version:          ${v.Version}`,
      `  API version:      ${v.ApiVersion} (minimum version ${v.MinAPIVersion})`,
      `  Go version:       ${v.GoVersion}`,
      `  Git commit:       ${v.GitCommit}`,
      `  OS/Arch:          ${v.Os}/${v.Arch}`,
      `  Experimental:     false`,
      '',
    ].join('\n'),
  );
  return 0;
}
