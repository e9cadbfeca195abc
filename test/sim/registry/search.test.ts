/**
 * docker search against the simulated Docker Hub (docker/cli formatter_search.go;
 * daemon SearchRegistryForImages). The error cases that need no Docker Hub are in
 * the recorded fixture registry/search.
 */
import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

describe('docker search', () => {
  it('20.10: NAME DESCRIPTION STARS OFFICIAL AUTOMATED, most stars first, descriptions cut to 45 columns', async () => {
    const s = await session();
    const out = await s.one('docker search a');
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +DESCRIPTION +STARS +OFFICIAL +AUTOMATED$/);
    const stars = lines.slice(1).map((l) => Number(l.split(/ {2,}/)[2]));
    expect(stars.length).toBeGreaterThan(3);
    expect(stars).toEqual([...stars].sort((x, y) => y - x));
    expect(out.stdout).toContain('A minimal Docker image based on Alpine Linux…');
    expect(out.stdout).toMatch(/\nalpine +A minimal Docker image based on Alpine Linux… +\d+ +\[OK\] +\n/);
  });

  it('--no-trunc, --limit, --filter', async () => {
    const s = await session();
    const [full, limited, official, starred, notOfficial] = await s.run(`docker search --no-trunc alpine
docker search --limit 1 --format '{{.Name}}' a
docker search -f is-official=true --format '{{.Name}}' hello
docker search -f stars=10000 --format '{{.Name}} {{.StarCount}}' u
docker search -f is-official=false --format '{{.Name}}' hello`);
    expect(full!.stdout).toContain('A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!');
    expect(limited!.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(official!.stdout).toBe('hello-world\n');
    for (const line of starred!.stdout.trim().split('\n')) expect(Number(line.split(' ')[1])).toBeGreaterThanOrEqual(10000);
    expect(notOfficial!.stdout).toBe('fhsinchy/hello-dock\n');
  });

  it('--format {{json .}}: every field a string, booleans "true"/"false"', async () => {
    const s = await session();
    const out = await s.one("docker search --format '{{json .}}' hello-world");
    expect(out.stdout.split('\n')[0]).toBe(
      '{"Description":"Hello World! (an example of minimal Dockeriz…","IsAutomated":"false","IsOfficial":"true","Name":"hello-world","StarCount":"2297"}',
    );
  });

  it('library/ and index.docker.io/ name Docker Hub too; nothing found prints the header only', async () => {
    const s = await session();
    const [lib, index, none] = await s.run(`docker search --format '{{.Name}}' library/busybox
docker search --format '{{.Name}}' index.docker.io/busybox
docker search zzzznothing`);
    expect(lib!.stdout).toBe('busybox\n');
    expect(index!.stdout).toBe('busybox\n');
    expect(none!.stdout).toBe('NAME      DESCRIPTION   STARS     OFFICIAL   AUTOMATED\n');
  });

  it('29: no AUTOMATED column, the Hub order, a warning for is-automated', async () => {
    const s = await session({ version: '29' });
    const [table, automated] = await s.run('docker search busybox\ndocker search -f is-automated=false --format "{{.Name}}" busybox');
    expect(table!.stdout.split('\n')[0]).toMatch(/^NAME +DESCRIPTION +STARS +OFFICIAL$/);
    expect(automated!.stderr).toBe('WARNING: the "is-automated" filter is deprecated, and searching for "is-automated=true" will not yield any results in future.\n');
    expect(automated!.stdout).toBe('busybox\n');
  });
});
