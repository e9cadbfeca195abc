/**
 * Engine errors, errdefs-style: each carries exactly one class (which the CLI and
 * the HTTP edge map in one place) and Docker's exact sentence for the situation.
 * Constructors are named for the situation; they own the texts of both versions.
 */
import type { Command, Reason } from './lifecycle/containerMachine.ts';
import type { Profile } from './profile.ts';

export type ErrorClass =
  | 'notFound'
  | 'invalidParameter'
  | 'conflict'
  | 'notModified'
  | 'forbidden'
  | 'unavailable'
  | 'system';

export const HTTP_STATUS: Record<ErrorClass, number> = {
  notFound: 404,
  invalidParameter: 400,
  conflict: 409,
  notModified: 304,
  forbidden: 403,
  unavailable: 503,
  system: 500,
};

export class EngineError extends Error {
  readonly errorClass: ErrorClass;
  constructor(errorClass: ErrorClass, message: string) {
    // Refusals are ordinary answers, not bugs: skip the costly stack capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.errorClass = errorClass;
  }
  get status(): number {
    return HTTP_STATUS[this.errorClass];
  }
}

export const isEngineError = (e: unknown): e is EngineError => e instanceof EngineError;
export const isNotFound = (e: unknown): boolean => isEngineError(e) && e.errorClass === 'notFound';
export const isNotModified = (e: unknown): boolean => isEngineError(e) && e.errorClass === 'notModified';

const old = (p: Profile) => p.version === '20.10';
/** "Container" in 20.10 texts, "container" in current ones. */
const Container = (p: Profile) => (old(p) ? 'Container' : 'container');

export function containerNotFound(name: string): EngineError {
  return new EngineError('notFound', `No such container: ${name}`);
}

export function ambiguousPrefix(prefix: string): EngineError {
  return new EngineError('invalidParameter', `multiple IDs found with provided prefix: ${prefix}`);
}

export function notModified(): EngineError {
  return new EngineError('notModified', '');
}

export function nameInUse(name: string, id: string): EngineError {
  return new EngineError(
    'conflict',
    `Conflict. The container name "/${name}" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.`,
  );
}

export function invalidName(name: string): EngineError {
  return new EngineError('invalidParameter', `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
}

export function noCommand(p: Profile): EngineError {
  return new EngineError('invalidParameter', old(p) ? 'No command specified' : 'no command specified');
}

export function invalidParameter(message: string): EngineError {
  return new EngineError('invalidParameter', message);
}

export function conflict(message: string): EngineError {
  return new EngineError('conflict', message);
}

export function system(message: string): EngineError {
  return new EngineError('system', message);
}

export interface Subject {
  /** Full 64-hex ID. */
  id: string;
  /** The name or ID as the user typed it. */
  typed: string;
  /** The stored name without the leading slash. */
  name: string;
}

/**
 * The daemon's refusal of `command` for `reason` (the lifecycle machine decides
 * the reason; this decides the words).
 */
export function refusal(command: Command, reason: Reason, c: Subject, p: Profile): EngineError {
  const C = Container(p);
  switch (command) {
    case 'start':
      if (reason === 'paused') return conflict('cannot start a paused container, try unpause instead');
      return conflict('container is marked for removal and cannot be started');
    case 'kill': {
      const prefix = old(p) ? 'Cannot kill container' : 'cannot kill container';
      return conflict(`${prefix}: ${c.typed}: ${C} ${c.id} is not running`);
    }
    case 'pause':
      if (reason === 'paused') return conflict(`${C} ${c.id} is already paused`);
      if (reason === 'restarting') return conflict(`Container ${c.id} is restarting, wait until the container is running`);
      return conflict(`${C} ${c.id} is not running`);
    case 'unpause':
      return system(`Container ${c.id} is not paused`);
    case 'remove':
    case 'forceRemove':
      if (reason === 'removalInProgress') return conflict(`removal of container ${c.typed} is already in progress`);
      if (old(p)) {
        if (reason === 'paused')
          return conflict(
            `You cannot remove a paused container ${c.id}. Unpause and then stop the container before attempting removal or force remove`,
          );
        return conflict(
          `You cannot remove a ${reason} container ${c.id}. Stop the container before attempting removal or force remove`,
        );
      }
      if (reason === 'paused') return conflict(`cannot remove container "${c.typed}": container is paused and must be unpaused first`);
      return conflict(
        `cannot remove container "${c.typed}": container is ${reason}: stop the container before removing or force remove`,
      );
    case 'exec':
      if (reason === 'paused') return conflict(`Container ${c.typed} is paused, unpause the container before exec`);
      if (reason === 'restarting') return conflict(`Container ${c.id} is restarting, wait until the container is running`);
      return conflict(`${C} ${c.id} is not running`);
    case 'top':
      if (reason === 'restarting') return conflict(`Container ${c.id} is restarting, wait until the container is running`);
      return conflict(`${C} ${c.id} is not running`);
    case 'attach':
      if (reason === 'paused') return conflict(`container ${c.typed} is paused, unpause the container before attach`);
      if (reason === 'restarting') return conflict(`container ${c.typed} is restarting, wait until the container is running`);
      return conflict(`${C} ${c.id} is not running`);
    case 'logs':
      return conflict('can not get logs from container which is dead or marked for removal');
    case 'export':
      return conflict(`You cannot export container ${c.id} which is ${reason === 'dead' ? 'Dead' : 'being removed'}`);
    case 'commit':
      return conflict(`You cannot commit container ${c.id} which is ${reason === 'dead' ? 'Dead' : 'being removed'}`);
    default:
      return conflict(`${C} ${c.id} is not running`);
  }
}
