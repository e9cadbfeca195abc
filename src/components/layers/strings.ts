/** The layer diagram's texts, zh-CN (default) and en. */
import type { LayerRole } from '../../sim/fs/layered/view.ts';
import type { ChangeKind } from './changes.ts';
import type { Badge } from './model.ts';

export type Lang = 'zh-CN' | 'en';

export interface LayerStrings {
  title: (container?: string) => string;
  /** Shown while no container is selected. */
  emptyIntro: string;
  emptyItems: Record<LayerRole, string>;
  role: Record<LayerRole, string>;
  /** A layer named in a sentence ("hidden by the container layer"). */
  layerName: (role: LayerRole, id: string) => string;
  hint: Record<LayerRole, string>;
  readOnly: string;
  writable: string;
  size: (text: string) => string;
  shared: (names: readonly string[]) => string;
  filesOf: (layer: string) => string;
  badge: Record<Badge, string>;
  hiddenBy: (layer: string) => string;
  justNow: string;
  typeNote: Partial<Record<string, string>>;
  nothing: Record<LayerRole, string>;
  more: (n: number) => string;
  showAll: (n: number) => string;
  showLess: string;
  filter: string;
  noMatch: string;
  mergedTitle: string;
  mergedIntro: string;
  /** The merged view's scrolling list (a region of its own). */
  mergedList: string;
  mergedFrom: (layer: string) => string;
  mergedGone: (layer: string | null) => string;
  legendTitle: string;
  legend: Record<Badge | 'readOnly' | 'justNow', string>;
  change: (kind: ChangeKind, path: string, layer: string) => string;
  andMore: (n: number) => string;
}

/**
 * Chinese text with a space where Han characters meet Latin letters or digits
 * ("被" + "init 层" + "遮盖" → "被 init 层遮盖"), as is usual in zh-CN typesetting.
 */
export function zhJoin(...parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (!p) continue;
    const a = out.slice(-1);
    const b = p[0] ?? '';
    const han = (c: string) => /\p{Script=Han}/u.test(c);
    const latin = (c: string) => /[A-Za-z0-9/]/.test(c);
    out += (han(a) && latin(b)) || (latin(a) && han(b)) ? ` ${p}` : p;
  }
  return out;
}

const zh: LayerStrings = {
  title: (c) => (c ? `${c} 的分层文件系统` : '分层文件系统'),
  emptyIntro: '还没有选中容器。运行一个容器之后，这里会画出它的文件系统由哪些层叠成：',
  emptyItems: {
    container: '最上面是容器层（可写）：容器里的一切改动都写在这里。',
    init: '中间是 init 层：Docker 为容器准备的 /etc/hosts、/etc/hostname、/etc/resolv.conf 等。',
    image: '下面是镜像层（只读）：同一镜像的所有容器共用，从不改变。修改或删除镜像里的文件时，你会看到写时复制（copy-up）和删除标记（whiteout）。',
  },
  role: { container: '容器层（可写）', init: 'init 层', image: '镜像层（只读）' },
  layerName: (role, id) => (role === 'container' ? '容器层' : role === 'init' ? 'init 层' : `镜像层 ${id}`),
  hint: {
    container: '容器运行时的写入、修改、删除都记录在这一层；删除容器时它也一起删除。',
    init: 'Docker 在创建容器时生成，放着每个容器各自的网络和主机名文件。',
    image: '镜像的一层，只读，可以被多个容器共用。',
  },
  readOnly: '只读',
  writable: '可写',
  size: (t) => `大小 ${t}`,
  shared: (names) => `与 ${names.join('、')} 共用`,
  filesOf: (layer) => `${layer} 中的条目`,
  badge: {
    new: '新建',
    'copied up': '写时复制 copy-up',
    whiteout: '已删除（whiteout）',
    shadowed: '被遮盖',
    opaque: '不透明目录',
  },
  hiddenBy: (layer) => zhJoin('被', layer, '遮盖'),
  justNow: '刚刚',
  typeNote: { symlink: '符号链接', char: '字符设备', block: '块设备', fifo: '管道', socket: '套接字' },
  nothing: {
    container: '还没有改动。',
    init: '（空）',
    image: '这一层没有被上层改动的条目。',
  },
  more: (n) => `另有 ${n} 个条目未列出`,
  showAll: (n) => `显示全部 ${n} 个条目`,
  showLess: '只显示相关条目',
  filter: '按路径筛选',
  noMatch: '没有匹配的路径。',
  mergedTitle: '合并视图：容器里看到的',
  mergedIntro: '同一路径出现在多层时，容器看到的是最上面那层的版本。',
  mergedList: '合并视图中的路径',
  mergedFrom: (layer) => zhJoin('来自', layer),
  mergedGone: (layer) => (layer ? zhJoin('看不到：已被', layer, '删除或隐藏') : '看不到：已被上层隐藏'),
  legendTitle: '图例',
  legend: {
    new: '只在容器层里的新文件，下层没有。',
    'copied up': '第一次修改下层文件时，先把它整个复制到容器层，再修改副本（写时复制）。',
    whiteout: '删除下层文件时，容器层只放一个删除标记，镜像层的文件原样保留。',
    shadowed: '上面有同名的新版本或删除标记，这个版本容器里看不到。',
    opaque: '目录被删掉又重建：下层同名目录里的内容全部看不到。',
    readOnly: '镜像层和 init 层只读，永远不会被容器修改。',
    justNow: '上一条命令刚刚造成的变化。',
  },
  change: (kind, path, layer) => {
    switch (kind) {
      case 'copied up': return zhJoin(path, '被复制到', layer, '（写时复制）');
      case 'whiteout': return zhJoin(path, '被删除：', layer, '里多了一个删除标记（whiteout）');
      case 'added': return zhJoin(path, '新建在', layer);
      case 'opaque': return zhJoin(path, '重建为不透明目录，下层的内容都被隐藏');
      case 'shadowed': return zhJoin(layer, '里的', path, '被上层遮盖了');
      case 'modified': return zhJoin(layer, '里的', path, '被修改');
      case 'removed': return zhJoin(path, '从', layer, '中移除');
    }
  },
  andMore: (n) => `（另有 ${n} 处变化）`,
};

const en: LayerStrings = {
  title: (c) => (c ? `Layers of ${c}` : 'Layered file system'),
  emptyIntro: 'No container selected yet. Once you run one, this shows the layers its file system is stacked from:',
  emptyItems: {
    container: 'On top, the container layer (writable): every change made inside the container lands here.',
    init: 'Below it, the init layer: /etc/hosts, /etc/hostname, /etc/resolv.conf and friends that Docker prepares for the container.',
    image: 'At the bottom, the image layers (read-only), shared by every container of the image and never changed. Edit or delete an image file and watch copy-up and whiteouts happen.',
  },
  role: { container: 'Container layer (writable)', init: 'Init layer', image: 'Image layer (read-only)' },
  layerName: (role, id) => (role === 'container' ? 'the container layer' : role === 'init' ? 'the init layer' : `image layer ${id}`),
  hint: {
    container: 'Every write, edit and deletion made while the container runs is recorded here; it goes away with the container.',
    init: 'Made by Docker when the container is created: each container’s own network and hostname files.',
    image: 'One layer of the image: read-only, and shared by containers of the image.',
  },
  readOnly: 'read-only',
  writable: 'writable',
  size: (t) => `size ${t}`,
  shared: (names) => `shared with ${names.join(', ')}`,
  filesOf: (layer) => `Entries of ${layer}`,
  badge: {
    new: 'new',
    'copied up': 'copied up',
    whiteout: 'deleted (whiteout)',
    shadowed: 'hidden',
    opaque: 'opaque directory',
  },
  hiddenBy: (layer) => `hidden by ${layer}`,
  justNow: 'just now',
  typeNote: { symlink: 'symlink', char: 'character device', block: 'block device', fifo: 'pipe', socket: 'socket' },
  nothing: {
    container: 'No changes yet.',
    init: '(empty)',
    image: 'Nothing in this layer is changed by the layers above.',
  },
  more: (n) => `+${n} other ${n === 1 ? 'entry' : 'entries'}`,
  showAll: (n) => `Show all ${n} entries`,
  showLess: 'Show only the relevant entries',
  filter: 'Filter by path',
  noMatch: 'No matching paths.',
  mergedTitle: 'Merged view: what the container sees',
  mergedIntro: 'When a path is in several layers, the container sees the version in the topmost one.',
  mergedList: 'Paths in the merged view',
  mergedFrom: (layer) => `from ${layer}`,
  mergedGone: (layer) => (layer ? `not visible: deleted or hidden by ${layer}` : 'not visible: hidden by a layer above'),
  legendTitle: 'Legend',
  legend: {
    new: 'A new file that only the container layer has.',
    'copied up': 'The first change to a lower file copies it whole into the container layer; the copy is what changes (copy-on-write).',
    whiteout: 'Deleting a lower file puts a deletion marker in the container layer; the image layer keeps the file.',
    shadowed: 'A newer version or a deletion marker above hides this version from the container.',
    opaque: 'A directory deleted and made again: nothing of the lower directories with that name shows through.',
    readOnly: 'Image layers and the init layer are read-only: the container never changes them.',
    justNow: 'What the last command just changed.',
  },
  change: (kind, path, layer) => {
    switch (kind) {
      case 'copied up': return `${path} copied up to ${layer}`;
      case 'whiteout': return `${path} deleted: a whiteout in ${layer} hides it`;
      case 'added': return `${path} added to ${layer}`;
      case 'opaque': return `${path} made again as an opaque directory: lower contents hidden`;
      case 'shadowed': return `${path} in ${layer} is now hidden`;
      case 'modified': return `${path} changed in ${layer}`;
      case 'removed': return `${path} removed from ${layer}`;
    }
  },
  andMore: (n) => ` (and ${n} more ${n === 1 ? 'change' : 'changes'})`,
};

export const strings: Record<Lang, LayerStrings> = { 'zh-CN': zh, en };
