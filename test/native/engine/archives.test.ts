/**
 * diff, export, import, commit, save and load on the native engine's real files give
 * what the simulator gives for the same script (Docker 20.10 texts: the native image
 * store keeps 20.10's graph-driver semantics, e.g. rmi's `Deleted:` lines per layer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differential, holdings, openTestBackend, skipReason, type TestBackend } from './harness.ts';

const SCRIPTS: Record<string, string> = {
  'diff, export/import, commit, save/load': `
docker run --name ch busybox sh -c "echo hello > /tmp/f; rm /bin/ls; mkdir -p /data/x; chmod 700 /root"
docker diff ch
docker export -o ch.tar ch
docker import ch.tar imported:v1
docker run --rm imported:v1 cat /tmp/f
docker run --rm imported:v1 ls /
docker commit -c 'CMD ["cat", "/tmp/f"]' -m "a message" ch committed:v1
docker run --name fromc committed:v1
docker inspect -f "{{.Config.Cmd}} {{len .RootFS.Layers}} {{.Comment}}" committed:v1
docker diff fromc
docker rm fromc
docker save -o saved.tar committed:v1
docker rmi committed:v1
docker load -i saved.tar
docker run --rm committed:v1
docker images --format "{{.Repository}}:{{.Tag}}"
docker rm ch
docker rmi imported:v1 committed:v1
docker images --format "{{.Repository}}:{{.Tag}}"
`,
  'commit of a running container, diff of a stopped one': `
docker run -d --name live busybox sh -c "echo a > /a; sleep 30"
sleep 0.3
docker commit live snap
docker exec live sh -c "echo b > /b"
docker diff live
docker kill live
docker diff live
docker run --rm snap cat /a
docker run --rm snap ls /b
docker rm live
docker rmi snap
`,
};

describe.skipIf(skipReason !== undefined)(`native archives = simulator${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let t: TestBackend;
  let before: ReturnType<typeof holdings>;
  beforeAll(async () => {
    t = await openTestBackend('20.10');
    before = holdings(t.root);
  }, 30_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  for (const [name, script] of Object.entries(SCRIPTS)) {
    it(name, async () => {
      const { sim, native } = await differential(t, script, '20.10');
      for (let i = 0; i < sim.length; i++) expect(native[i], `step ${i + 1}: ${sim[i]!.command}`).toEqual(sim[i]);
      expect(native.length).toBe(sim.length);
    }, 60_000);
  }

  it('leaves no mounts, processes or runc state', () => {
    const after = holdings(t.root);
    expect(after.mounts).toEqual(before.mounts);
    expect(after.processes).toEqual([]);
    expect(after.runcState).toEqual([]);
  });
});
