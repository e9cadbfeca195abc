/**
 * Words for edges and events: how the diagram captions an edge, how the text
 * alternative and the live region name an event.
 */
import type { Edge, EdgeEvent } from './graph.ts';
import { CLI, dockerCommand } from './graph.ts';
import type { Strings } from './strings.ts';

/** A runtime label as running text (caption line breaks removed). */
function flat(label: string, s: Strings): string {
  return label.split('\n').join(s.joiner);
}

/** `docker start` for a command event, the runtime's words otherwise. */
export function eventText(ev: Pick<EdgeEvent, 'type' | 'cli' | 'label'>, s: Strings): string {
  return ev.cli ?? flat(s.runtime[ev.type] ?? ev.label, s);
}

/** The label of an engine transition record: its event, or the label it came with. */
export function recordText(event: string, label: string, s: Strings): string {
  if (event === 'container.create') return s.create;
  if (event.startsWith('container.')) return dockerCommand(event);
  const runtime = s.runtime[event];
  return runtime ? flat(runtime, s) : label;
}

/** `docker stop / kill`: one `docker`, the verbs joined (or the bare verbs where space is short). */
function commandLine(verbs: string[], bare = false): string {
  return `${bare ? '' : 'docker '}${verbs.join(' / ')}`;
}

function causesOf(e: Edge): string[] {
  return e.causes.filter((c) => !e.events.some((ev) => ev.command === c)).map((c) => CLI[c]);
}

/**
 * The caption drawn beside an edge: its commands on one line, each runtime
 * event on its own line(s), then the commands that cause them.
 */
export function edgeCaption(e: Edge, s: Strings, bare = false): string[] {
  const verbs = e.events.flatMap((ev) => (ev.command ? [CLI[ev.command]] : []));
  const lines: string[] = [];
  if (verbs.length > 0) lines.push(commandLine(verbs, bare));
  for (const ev of e.events) {
    if (ev.kind === 'runtime') lines.push(...(s.runtime[ev.type] ?? ev.label).split('\n'));
  }
  const causes = causesOf(e);
  if (causes.length > 0) lines.push(s.causedBy(commandLine(causes, bare)).trim());
  return lines;
}

/** One sentence-part for the text alternative: every event, then its causes. */
export function edgeText(e: Edge, s: Strings): string {
  const events = e.events.map((ev) => eventText(ev, s)).join(s.comma);
  const causes = causesOf(e);
  return causes.length > 0 ? `${events}${s.causedBy(commandLine(causes))}` : events;
}
