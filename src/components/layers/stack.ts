/**
 * A view with its container layer. The simulator makes the container layer on the
 * first write (a view of an untouched container has none); Docker makes it, empty,
 * with the container, and the diagram draws it from the start.
 */
import type { ViewLayer } from '../../sim/fs/layered/view.ts';

/** The container's ID: the container layer's, or the init layer's without `-init`. */
export function containerKey(view: readonly ViewLayer[]): string | undefined {
  const top = view.find((l) => l.role === 'container');
  if (top) return top.id;
  const init = view.find((l) => l.role === 'init');
  return init?.id.endsWith('-init') ? init.id.slice(0, -'-init'.length) : undefined;
}

/** `view` (bottom first) with an empty container layer on top if it has none. */
export function fullStack(view: readonly ViewLayer[]): readonly ViewLayer[] {
  if (view.some((l) => l.role === 'container')) return view;
  const id = containerKey(view);
  if (id === undefined) return view;
  return [...view, { role: 'container', id, readOnly: false, size: 0, files: [] }];
}
