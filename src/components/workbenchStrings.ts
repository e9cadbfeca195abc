/** The workbench's words (terminal tools, layer panel, tar files), Chinese first. */
import type { SiteLang } from '../site/i18n.ts';

export const WORKBENCH = {
  'zh-CN': {
    terminalLabel: '终端：模拟的 Docker 主机',
    skip: '快进',
    skipHint: '跳到下一个定时事件（例如 docker stop 的 10 秒宽限期结束）',
    paletteLabel: '常用命令（点一下就输入到终端）',
    typeKeys: (k: string) => `输入 ${k}`,
    layersTitle: '分层文件系统',
    container: '容器',
    filesTitle: '导入导出 tar 文件',
    filesHint: '下载的是真正的 tar 文件，真实的 Docker 和 GNU tar 都能读取。上传的文件会放到模拟主机的当前目录里。',
    exportLabel: '导出容器',
    saveLabel: '保存镜像',
    upload: '上传 tar 文件',
    exported: (n: string) => `已下载 ${n}.tar（docker export 的结果）。`,
    saved: (r: string) => `已下载 ${r} 的镜像归档（docker save 的结果）。`,
    uploaded: (path: string, base: string) => `已上传到 ${path}。试试 docker load -i ${base} 或 docker import ${base}。`,
  },
  en: {
    terminalLabel: 'Terminal: the simulated Docker host',
    skip: 'Skip ahead',
    skipHint: 'Jump to the next scheduled event (such as the end of docker stop’s 10-second grace period)',
    paletteLabel: 'Common commands (tap to type them into the terminal)',
    typeKeys: (k: string) => `Type ${k}`,
    layersTitle: 'Layered filesystem',
    container: 'Container',
    filesTitle: 'Tar files in and out',
    filesHint: 'Downloads are real tar files that real Docker and GNU tar read. Uploads land in the simulated host’s current directory.',
    exportLabel: 'Export a container',
    saveLabel: 'Save an image',
    upload: 'Upload a tar file',
    exported: (n: string) => `Downloaded ${n}.tar (what docker export writes).`,
    saved: (r: string) => `Downloaded the image archive of ${r} (what docker save writes).`,
    uploaded: (path: string, base: string) => `Uploaded to ${path}. Try docker load -i ${base} or docker import ${base}.`,
  },
} satisfies Record<SiteLang, unknown>;
