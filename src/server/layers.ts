/**
 * The layer diagram's data for a container of the native engine, read from the real
 * directories: the image's layers (overlay lowerdirs), the init layer and the
 * container's upper directory, bottom first, each entry with what the overlay mount
 * makes of it — the simulator's ViewLayer shape (src/sim/fs/layered/view.ts), so the
 * site's LayerDiagram draws either.
 */
import type { NativeBackend } from '../native/engine/backend.ts';
import { scanCached, scanLayer, walkScan, type ScanNode } from '../native/images/scan.ts';
import type { FileStatus, ViewFile, ViewLayer } from '../sim/fs/layered/view.ts';

interface Scanned {
  role: ViewLayer['role'];
  id: string;
  root: ScanNode;
}

function at(root: ScanNode, path: string): ScanNode | undefined {
  let n: ScanNode | undefined = root;
  for (const part of path.split('/').filter(Boolean)) {
    n = n.children?.get(part);
    if (!n) return undefined;
  }
  return n;
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  let i = path.indexOf('/', 1);
  while (i > 0) {
    out.push(path.slice(0, i));
    i = path.indexOf('/', i + 1);
  }
  return out;
}

/** Whether layer k's entry at `path` shows through the layers above it (up to `top`, exclusive). */
function shows(layers: Scanned[], k: number, path: string, top = layers.length): boolean {
  const mine = at(layers[k]!.root, path);
  if (!mine || mine.type === 'whiteout') return false;
  const up = ancestors(path);
  for (let j = k + 1; j < top; j++) {
    const root = layers[j]!.root;
    for (const a of up) {
      const n = at(root, a);
      if (n && (n.type !== 'dir' || n.opaque)) return false;
    }
    const n = at(root, path);
    if (!n) continue;
    if (n.type !== 'dir' || mine.type !== 'dir' || n.opaque) return false;
  }
  return true;
}

function view(layers: Scanned[]): ViewLayer[] {
  const upper = layers.length - 1;
  return layers.map((l, k) => {
    const files: ViewFile[] = [];
    let size = 0;
    for (const [path, n] of walkScan(l.root)) {
      const type: ViewFile['type'] = n.type;
      let status: FileStatus = 'from this layer';
      if (n.type === 'whiteout') status = 'whiteout';
      else if (!shows(layers, k, path)) status = 'shadowed';
      else if (k === upper && layers.slice(0, k).some((_, i) => shows(layers, i, path, k))) status = 'copied up';
      const fileSize = n.type === 'dir' || n.type === 'whiteout' ? 0 : n.size;
      size += fileSize;
      const f: ViewFile = { path, type, status, size: fileSize };
      if (n.type === 'dir' && n.opaque) f.opaque = true;
      files.push(f);
    }
    return { role: l.role, id: l.id, readOnly: k !== upper, size: l.role === 'init' ? 0 : size, files };
  });
}

/** The layers of container `ref` (name or ID), bottom first; null when there is no such container or its layer is gone. */
export async function containerLayers(b: NativeBackend, ref: string): Promise<ViewLayer[] | null> {
  const c = b.engine.find(ref);
  if (!c || c.state === 'removed') return null;
  let dirs;
  try {
    dirs = b.engine.images.layerOf(c.layerId, c.imageId);
  } catch {
    return null;
  }
  let diffIds: string[] = [];
  try {
    const img = (await b.engine.imageInspect(c.imageId)) as { RootFS?: { Layers?: string[] } };
    diffIds = img.RootFS?.Layers ?? [];
  } catch {
    /* image removed with -f: its layers are still there, named by their directories */
  }
  const [init, ...imageTopFirst] = dirs.lowers;
  const image = imageTopFirst.slice().reverse();
  try {
    const layers: Scanned[] = image.map((dir, i) => ({ role: 'image', id: image.length === diffIds.length ? diffIds[i]! : dir, root: scanCached(dir) }));
    if (init) layers.push({ role: 'init', id: `${c.id}-init`, root: scanLayer(init) });
    layers.push({ role: 'container', id: c.id, root: scanLayer(dirs.upper) });
    return view(layers);
  } catch {
    return null; // removed while it was read
  }
}
