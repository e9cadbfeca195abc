/**
 * Volumes on the native engine: named volumes are directories under the state root,
 * filled from the image on first use; anonymous ones go with rm -v / --rm; binds show
 * host directories (made when missing). Same transcript as the simulator's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differential, holdings, openTestBackend, skipReason, type TestBackend } from './harness.ts';

describe.skipIf(skipReason !== undefined)(`native volumes = simulator${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let t: TestBackend;
  let before: ReturnType<typeof holdings>;
  beforeAll(async () => {
    t = await openTestBackend();
    before = holdings(t.root);
  }, 30_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  it('named and anonymous volumes', async () => {
    const script = `
docker run --name va -v vdata:/data busybox sh -c "echo hi > /data/f"
docker diff va
docker run --rm -v vdata:/data busybox cat /data/f
docker run --rm --volumes-from va busybox cat /data/f
docker run --rm -v vdata:/data:ro busybox sh -c "echo no > /data/g"
docker volume ls
docker volume inspect -f "{{.Name}} {{.Driver}}" vdata
docker volume rm vdata
docker rm va
docker volume rm vdata
docker run --rm -v vetc:/etc busybox cat /etc/group
docker volume rm vetc
docker create -v /anon --name vanon busybox
docker inspect -f "{{len .Mounts}}" vanon
docker rm -v vanon
docker volume ls -q
docker run --rm -v /anon2 busybox true
docker volume ls -q
docker volume create v2
docker volume prune -f --all
docker volume ls -q
`;
    const { sim, native } = await differential(t, script);
    for (let i = 0; i < sim.length; i++) expect(native[i], `step ${i + 1}: ${sim[i]!.command}`).toEqual(sim[i]);
    expect(native.length).toBe(sim.length);
  }, 60_000);

  it('bind mounts of host directories', async () => {
    const dir = join(t.cwd, 'bind');
    const script = `
docker run --name vb -v ${dir}:/mnt busybox sh -c "echo from-container > /mnt/out"
docker run --rm -v ${dir}:/mnt:ro busybox cat /mnt/out
docker run --rm -v ${dir}:/mnt:ro busybox sh -c "echo x > /mnt/y"
docker inspect -f "{{range .Mounts}}{{.Type}} {{.Destination}} {{.RW}}{{end}}" vb
docker diff vb
docker rm vb
`;
    const { sim, native } = await differential(t, script);
    for (let i = 0; i < sim.length; i++) expect(native[i], `step ${i + 1}: ${sim[i]!.command}`).toEqual(sim[i]);
    expect(native.length).toBe(sim.length);
    // the container wrote to the real host directory
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('from-container\n');
  }, 60_000);

  it('leaves no volumes, mounts, processes or runc state', () => {
    const after = holdings(t.root);
    expect(after.mounts).toEqual(before.mounts);
    expect(after.processes).toEqual([]);
    expect(after.runcState).toEqual([]);
    expect(t.backend.engine.volumes.list()).toEqual([]);
    expect(existsSync(join(t.root, 'volumes', 'vdata'))).toBe(false);
  });
});
