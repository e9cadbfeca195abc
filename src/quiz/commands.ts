/**
 * The commands a question asks about, in the runner's format. Lifecycle
 * commands act on the situation's container `web` and send one machine event
 * (`container.<command>`); "fresh" commands create the container themselves.
 */
import type { Command } from '../sim/lifecycle/containerMachine.ts';
import type { AskKind } from './observe.ts';
import { NAME } from './situations.ts';

export interface QuizCommand {
  id: string;
  /** Runner-format line. */
  line: string;
  /** The lifecycle machine's command (event `container.<command>`); none for diff and fresh commands. */
  command?: Command;
  /** Run on the `fresh` situation (no container yet) instead of on an existing `web`. */
  fresh?: boolean;
  asks: readonly AskKind[];
  /** 0 common, 1 needs some knowledge, 2 tricky. */
  difficulty: 0 | 1 | 2;
  /** Commands whose outcomes make good distractors for this one. */
  near: readonly string[];
}

const C = (c: QuizCommand): QuizCommand => c;
const STOPS = ['stop', 'stop-t0', 'kill', 'kill-term', 'restart', 'rm-f'];

export const COMMANDS: readonly QuizCommand[] = [
  C({ id: 'start', line: `docker start ${NAME}`, command: 'start', asks: ['error', 'state', 'exitCode', 'psStatus'], difficulty: 0, near: ['restart', 'unpause', 'stop', 'kill'] }),
  C({ id: 'stop', line: `docker stop ${NAME}`, command: 'stop', asks: ['error', 'state', 'exitCode', 'psStatus', 'stopTime'], difficulty: 0, near: STOPS }),
  C({ id: 'stop-t0', line: `docker stop -t 0 ${NAME}`, command: 'stop', asks: ['error', 'exitCode', 'stopTime'], difficulty: 1, near: STOPS }),
  C({ id: 'stop-t3', line: `docker stop -t 3 ${NAME}`, command: 'stop', asks: ['exitCode', 'stopTime'], difficulty: 1, near: [...STOPS, 'stop-t3'] }),
  C({ id: 'kill', line: `docker kill ${NAME}`, command: 'kill', asks: ['error', 'state', 'exitCode', 'psStatus'], difficulty: 0, near: STOPS }),
  C({ id: 'kill-term', line: `docker kill -s TERM ${NAME}`, command: 'kill', asks: ['error', 'state', 'exitCode'], difficulty: 2, near: STOPS }),
  C({ id: 'restart', line: `docker restart ${NAME}`, command: 'restart', asks: ['error', 'state', 'exitCode', 'psStatus', 'stopTime'], difficulty: 1, near: ['start', ...STOPS] }),
  C({ id: 'pause', line: `docker pause ${NAME}`, command: 'pause', asks: ['error', 'state', 'psStatus'], difficulty: 0, near: ['unpause', 'stop', 'kill', 'start'] }),
  C({ id: 'unpause', line: `docker unpause ${NAME}`, command: 'unpause', asks: ['error', 'state', 'psStatus'], difficulty: 0, near: ['pause', 'start', 'restart'] }),
  C({ id: 'rm', line: `docker rm ${NAME}`, command: 'remove', asks: ['error', 'state', 'psStatus'], difficulty: 0, near: ['rm-f', 'stop', 'kill', 'pause'] }),
  C({ id: 'rm-f', line: `docker rm -f ${NAME}`, command: 'forceRemove', asks: ['error', 'state', 'psStatus'], difficulty: 0, near: ['rm', 'stop', 'kill'] }),
  C({ id: 'exec', line: `docker exec ${NAME} echo hello`, command: 'exec', asks: ['error', 'state'], difficulty: 0, near: ['attach', 'exec-missing', 'start', 'top', 'logs'] }),
  C({ id: 'exec-missing', line: `docker exec ${NAME} nosuchcmd`, command: 'exec', asks: ['error'], difficulty: 1, near: ['exec', 'attach', 'top'] }),
  // --sig-proxy=false: otherwise the client forwards timeout's SIGTERM to PID 1 and keeps waiting
  // (the real 20.10 client hangs on a `sleep` that ignores it, and a TERM trap would end the container)
  C({ id: 'attach', line: `timeout 2 docker attach --sig-proxy=false ${NAME}`, command: 'attach', asks: ['error', 'state'], difficulty: 1, near: ['exec', 'wait', 'logs', 'start', 'top'] }),
  C({ id: 'logs', line: `docker logs ${NAME}`, command: 'logs', asks: ['error'], difficulty: 0, near: ['top', 'export', 'commit', 'exec', 'attach'] }),
  C({ id: 'wait', line: `timeout 2 docker wait ${NAME}`, command: 'wait', asks: ['error'], difficulty: 1, near: ['attach', 'logs', 'top', 'exec'] }),
  C({ id: 'top', line: `docker top ${NAME}`, command: 'top', asks: ['error'], difficulty: 1, near: ['exec', 'logs', 'attach', 'export'] }),
  C({ id: 'export', line: `docker export -o ${NAME}.tar ${NAME}`, command: 'export', asks: ['error'], difficulty: 1, near: ['commit', 'logs', 'top'] }),
  C({ id: 'commit', line: `docker commit ${NAME} snapshot`, command: 'commit', asks: ['error', 'state'], difficulty: 1, near: ['export', 'logs', 'pause'] }),
  C({ id: 'rename', line: `docker rename ${NAME} db`, command: 'rename', asks: ['error'], difficulty: 1, near: ['start', 'pause', 'exec', 'logs'] }),
  C({ id: 'inspect', line: `docker inspect -f '{{.Name}}' ${NAME}`, command: 'inspect', asks: ['error'], difficulty: 1, near: ['logs', 'top', 'rename'] }),
  C({ id: 'diff', line: `docker diff ${NAME}`, asks: ['diff'], difficulty: 0, near: [] }),
  // ---- fresh: the command creates `web`
  C({ id: 'run-d-sleep', fresh: true, line: `docker run -d --name ${NAME} busybox sleep 3600`, asks: ['state', 'psStatus'], difficulty: 0, near: ['run-d-sh', 'run-dit', 'create'] }),
  C({ id: 'create', fresh: true, line: `docker create --name ${NAME} busybox`, asks: ['state', 'psStatus'], difficulty: 0, near: ['run-sh', 'run-d-sh', 'run-d-sleep'] }),
  C({ id: 'run-sh', fresh: true, line: `docker run --name ${NAME} busybox`, asks: ['state', 'exitCode', 'psStatus'], difficulty: 1, near: ['run-dit', 'create', 'run-d-sleep', 'run-exit3'] }),
  C({ id: 'run-d-sh', fresh: true, line: `docker run -d --name ${NAME} busybox`, asks: ['state', 'exitCode', 'psStatus'], difficulty: 1, near: ['run-dit', 'create', 'run-d-sleep'] }),
  C({ id: 'run-dit', fresh: true, line: `docker run -dit --name ${NAME} busybox`, asks: ['state', 'psStatus'], difficulty: 1, near: ['run-d-sh', 'run-sh', 'create'] }),
  C({ id: 'run-exit3', fresh: true, line: `docker run --name ${NAME} busybox sh -c 'exit 3'`, asks: ['state', 'exitCode', 'psStatus'], difficulty: 1, near: ['run-sh', 'run-shnotfound', 'run-notfound'] }),
  C({ id: 'run-rm', fresh: true, line: `docker run --rm --name ${NAME} busybox true`, asks: ['state', 'psStatus'], difficulty: 1, near: ['run-sh', 'run-exit3', 'create'] }),
  C({ id: 'run-notfound', fresh: true, line: `docker run -d --name ${NAME} busybox nosuchcmd`, asks: ['error', 'state', 'exitCode', 'psStatus'], difficulty: 2, near: ['run-noexec', 'run-shnotfound', 'run-exit3', 'run-d-sleep'] }),
  C({ id: 'run-noexec', fresh: true, line: `docker run -d --name ${NAME} busybox /etc/passwd`, asks: ['error', 'state', 'exitCode', 'psStatus'], difficulty: 2, near: ['run-notfound', 'run-shnotfound', 'run-exit3'] }),
  C({ id: 'run-shnotfound', fresh: true, line: `docker run --name ${NAME} busybox sh -c nosuchcmd`, asks: ['error', 'state', 'exitCode', 'psStatus'], difficulty: 2, near: ['run-notfound', 'run-noexec', 'run-exit3'] }),
  C({ id: 'run-rm-restart', fresh: true, line: `docker run -d --rm --restart=always --name ${NAME} busybox sleep 3600`, asks: ['error'], difficulty: 2, near: ['run-notfound', 'run-noexec', 'run-d-sleep'] }),
];

const byId = new Map(COMMANDS.map((c) => [c.id, c]));

export function quizCommand(id: string): QuizCommand {
  const c = byId.get(id);
  if (!c) throw new Error(`quiz: no command '${id}'`);
  return c;
}
