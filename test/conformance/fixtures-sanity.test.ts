// Sanity checks of the recorded real-engine fixtures: every script has a
// fixture with one step per script line, and after normalisation no raw IDs,
// times or host artefacts are left.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeTranscript } from '../../src/runner/normalize.ts';
import { parseScript } from '../../src/runner/script.ts';
import type { Fixture } from '../../src/runner/transcript.ts';

const HERE = import.meta.dirname;
const SCRIPTS = join(HERE, 'scripts');
const FIXTURES = join(HERE, 'fixtures');

function walk(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p, ext) : n.endsWith(ext) ? [p] : [];
    });
}

const scripts = walk(SCRIPTS, '.script').map((p) => relative(SCRIPTS, p));

describe.each(scripts)('%s', (rel) => {
  const steps = parseScript(readFileSync(join(SCRIPTS, rel), 'utf8'));
  const fx: Fixture = JSON.parse(readFileSync(join(FIXTURES, rel.replace(/\.script$/, '.json')), 'utf8'));

  it('has one recorded step per script step', () => {
    expect(fx.script).toBe(rel);
    expect(fx.engine).toBe('docker 20.10.24 (real)');
    expect(fx.steps.map((s) => s.command)).toEqual(steps.map((s) => s.text));
  });

  it('normalises without raw IDs, times or host artefacts', () => {
    for (const s of normalizeTranscript(fx.steps)) {
      const text = s.stdout + s.stderr + JSON.stringify(s.containers);
      expect(text).not.toMatch(/(?<![0-9a-zA-Z])[0-9a-f]{64}(?![0-9a-zA-Z])/);
      expect(text).not.toContain('IPv4 forwarding is disabled');
      expect(text).not.toContain('error waiting for container');
      expect(text).not.toMatch(/\/tmp\/tmp\./);
      if (!s.command.includes('--help') && !s.command.startsWith('docker help')) {
        expect(text.replace(/0001-01-01T00:00:00Z/g, '')).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
      }
    }
  });

  it('has no failure caused by the recording set-up', () => {
    for (const s of fx.steps) {
      expect(s.stderr).not.toMatch(/Cannot connect to the Docker daemon|permission denied while trying to connect/);
    }
  });
});
