/**
 * A restart the policy cannot do (the run deleted /bin/sh, so the restart cannot exec it).
 * The real 20.10 daemon (monitor.go; the same in v29): containerStart fails (its defer sets
 * Error and ExitCode 127), then `SetStopped(&exitStatus)` with the LAST RUN's exit status. Checked
 * on the real engine (test/conformance/fixtures/restart/failed-restart.json, wake-at-restart.json):
 *
 *   after the failed restart     exited, ExitCode 1, RestartCount 1, Running/Restarting false,
 *                                Pid 0, Error "failed to create shim task: … exec: \"sh\": …",
 *                                FinishedAt of the run's exit; ps: "Exited (1) … ago"
 *   then a manual start/restart  fails (rc 1), exited, ExitCode 127, RestartCount 0, Error kept,
 *                                FinishedAt unchanged; ps: "Exited (127) … ago"
 *
 * And every "not-running" waiter (docker wait, attach, logs -f) ends at an exit that the policy
 * follows with a restart (SetRestarting closes waitStop), or when the restart fails.
 */
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/runner/script.ts';
import { runSteps } from '../../src/runner/run.ts';
import { SimHost } from '../../src/runner/simHost.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

const ERROR =
  'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown';
const STATE = "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}} {{.State.Running}} {{.State.Restarting}} {{.State.Pid}} {{.State.Error}}'";

async function run(script: string, version: '20.10' | '29') {
  const host = new SimHost(await createSimulator({ version, seed: 9 }));
  return runSteps(parseScript(script), host);
}

describe('after a failed automatic restart', () => {
  for (const version of ['20.10', '29'] as const) {
    for (const policy of ['always', 'on-failure', 'on-failure:3', 'unless-stopped']) {
      it(`--restart=${policy}: exited with the last run's code 1, RestartCount 1, the start error (${version})`, async () => {
        const out = await run(
          [
            `docker run -d --restart=${policy} --name fr busybox sh -c 'rm /bin/sh; exit 1'`,
            'sleep 0.05',
            "docker inspect -f '{{.State.Status}} {{.State.FinishedAt}}' fr",
            'sleep 1',
            `${STATE} fr`,
            "docker inspect -f '{{.State.FinishedAt}}' fr",
            "docker ps -a --format '{{.Status}}'",
          ].join('\n'),
          version,
        );
        const [status, exitedAt] = out[2]!.stdout.trim().split(' ');
        expect(status).toBe('restarting');
        expect(out[4]!.stdout).toBe(`exited 1 1 false false 0 ${ERROR}\n`);
        // FinishedAt is the run's exit, not the failed restart's time
        expect(out[5]!.stdout.trim()).toBe(exitedAt);
        expect(out[6]!.stdout).toBe('Exited (1) 1 second ago\n');
      });
    }

    it(`a manual start or restart then fails and sets 127 (RestartCount 0, FinishedAt kept) (${version})`, async () => {
      const out = await run(
        [
          "docker run -d --restart=always --name fr busybox sh -c 'rm /bin/sh; exit 1'",
          "docker run -d --restart=on-failure --name fr2 busybox sh -c 'rm /bin/sh; exit 1'",
          'sleep 1',
          "docker inspect -f '{{.State.FinishedAt}}' fr",
          'docker start fr',
          `${STATE} fr`,
          "docker inspect -f '{{.State.FinishedAt}}' fr",
          'docker restart fr2',
          `${STATE} fr2`,
          "docker ps -a --format '{{.Names}} {{.Status}}'",
        ].join('\n'),
        version,
      );
      expect(out[4]!.exitCode).toBe(1);
      expect(out[4]!.stdout).toBe('');
      expect(out[5]!.stdout).toBe(`exited 127 0 false false 0 ${ERROR}\n`);
      expect(out[6]!.stdout).toBe(out[3]!.stdout);
      expect(out[7]!.exitCode).toBe(1);
      expect(out[7]!.stderr).toContain(`Cannot restart container fr2: ${ERROR}`);
      expect(out[8]!.stdout).toBe(`exited 127 0 false false 0 ${ERROR}\n`);
      expect(out[9]!.stdout).toBe('fr2 Exited (127) 1 second ago\nfr Exited (127) 1 second ago\n');
    });

    it(`docker wait, attach and logs -f end at an exit the policy restarts (${version})`, async () => {
      const out = await run(
        [
          "docker run -d --restart=always --name w1 busybox sh -c 'echo up; sleep 1; exit 1'",
          'timeout 5 docker wait w1',
          "docker run -d --restart=always --name w2 busybox sh -c 'sleep 1; echo bye; exit 1'",
          'timeout 5 docker attach w2',
          "docker run -d --restart=always --name w3 busybox sh -c 'echo up; sleep 1; echo bye; exit 2'",
          'timeout 5 docker logs -f w3',
        ].join('\n'),
        version,
      );
      expect(out[1]).toMatchObject({ stdout: '1\n', exitCode: 0 });
      expect(out[3]).toMatchObject({ stdout: 'bye\n', exitCode: 1 });
      expect(out[5]).toMatchObject({ stdout: 'up\nbye\n', exitCode: 0 });
    });

    it(`a wait begun during the back-off ends when the restart fails, with the last run's code (${version})`, async () => {
      // runs 1-6 exit at once (back-offs 0.1 … 3.2 s); the 7th deletes /bin/sh: back-off 6.4 s, then the failure
      const prog = 'n=$(cat /tmp/n 2>/dev/null); n=$((n+1)); echo $n >/tmp/n; if [ $n -ge 7 ]; then rm /bin/sh; fi; exit 1';
      const out = await run(
        [
          `docker run -d --restart=always --name bw busybox sh -c '${prog}'`,
          'sleep 8',
          "docker inspect -f '{{.State.Status}} {{.RestartCount}}' bw",
          'timeout 10 docker wait bw',
          `${STATE} bw`,
        ].join('\n'),
        version,
      );
      expect(out[2]!.stdout).toBe('restarting 7\n');
      expect(out[3]).toMatchObject({ stdout: '1\n', exitCode: 0 });
      expect(out[4]!.stdout).toBe(`exited 1 7 false false 0 ${ERROR}\n`);
    });
  }
});
