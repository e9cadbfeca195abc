/** busybox programs (sh, ls, mv, cp, rm, find, du, …) working on a container's union filesystem. */
import { describe, expect, it } from 'vitest';
import { diffLines } from '../../../../src/sim/fs/layered/diff.ts';
import { box, sh } from './helpers.ts';

const d = (b: ReturnType<typeof box>) => diffLines(b.fs, { order: 'sorted' });

describe('busybox on the union', () => {
  it('mv of an image directory falls back to copy + delete (EXDEV) and keeps everything', () => {
    const b = box();
    sh(b, 'mkdir -p /srv/site && echo page > /srv/site/index.html');
    const r = sh(b, 'mv /etc /etc2 && ls /etc2 && cat /etc2/passwd | head -1 && ls -d /etc');
    expect(r.stdout).toBe('group\nhostname\nhosts\nmtab\npasswd\nresolv.conf\nroot:x:0:0:root:/root:/bin/sh\n');
    expect(r.stderr).toBe("ls: /etc: No such file or directory\n");
    expect(sh(b, 'mv /srv/site /srv/www && cat /srv/www/index.html').stdout).toBe('page\n');
    // Within a directory, deletions come after additions and changes (ChangesDirs).
    expect(d(b)).toEqual([
      'A /etc2',
      'A /etc2/group',
      'A /etc2/hostname',
      'A /etc2/hosts',
      'A /etc2/mtab',
      'A /etc2/passwd',
      'A /etc2/resolv.conf',
      'A /srv',
      'A /srv/www',
      'A /srv/www/index.html',
      'D /etc',
    ]);
  });

  it('rm -r of an image directory, then mkdir and cp into it', () => {
    const b = box();
    const r = sh(b, 'rm -r /bin/../usr && mkdir /usr && cp /etc/passwd /usr/ && ls -a /usr');
    expect(r).toMatchObject({ stdout: '.\n..\npasswd\n', status: 0 });
    expect(d(b)).toEqual(['C /usr', 'A /usr/passwd']);
  });

  it('ls -l shows copied-up files with their image attributes until written', () => {
    const b = box();
    const before = sh(b, 'ls -l /etc/group').stdout;
    sh(b, 'chmod 644 /etc/group');
    expect(sh(b, 'ls -l /etc/group').stdout).toBe(before);
    sh(b, 'echo "x:x:1000:" >> /etc/group');
    expect(sh(b, 'tail -1 /etc/group; wc -c < /etc/group').stdout).toBe('x:x:1000:\n317\n');
  });

  it('cd, pwd, ln -s into the image, find and du', () => {
    const b = box();
    const r = sh(b, 'ln -s /etc /tmp/e && cd /tmp/e && pwd && echo hi > /tmp/e/x && cat /etc/x && find /tmp /etc -name x && du -s /etc/x && ls /tmp/e/ | wc -l');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('/tmp/e\nhi\n/etc/x\n4\t/etc/x\n7\n');
    expect(d(b)).toEqual(['C /etc', 'A /etc/x', 'C /tmp', 'A /tmp/e']);
  });

  it('rm of an image file, then writing it again with >>', () => {
    const b = box();
    const r = sh(b, 'rm /etc/passwd && echo "root:x:0:0::/:/bin/sh" >> /etc/passwd && cat /etc/passwd && ls /etc');
    expect(r.stdout).toBe('root:x:0:0::/:/bin/sh\ngroup\nhostname\nhosts\nmtab\npasswd\nresolv.conf\n');
    expect(d(b)).toEqual(['C /etc', 'C /etc/passwd']);
  });

  it('touch of an image file only changes its time', () => {
    const b = box();
    sh(b, 'touch /etc/passwd /bin');
    expect(d(b)).toEqual(['C /etc', 'C /etc/passwd']);
  });

  it('programs still run after their binary is copied up or replaced', () => {
    const b = box();
    sh(b, 'chmod 4755 /bin/busybox');
    expect(sh(b, 'echo ok').stdout).toBe('ok\n');
    expect(sh(b, 'ls -l /bin/busybox').stdout).toMatch(/^-rwsr-xr-x\s+1 root\s+root\s+1982256 /);
    sh(b, 'cp /bin/busybox /tmp/busybox && rm /bin/busybox && cp /tmp/busybox /bin/busybox');
    expect(sh(b, 'echo still').stdout).toBe('still\n');
    expect(d(b)).toEqual(['C /bin', 'C /bin/busybox', 'C /tmp', 'A /tmp/busybox']);
    expect(sh(b, '/tmp/busybox echo copied').stdout).toBe('copied\n');
    expect(b.fs.stat('/tmp/busybox').exe).toBe('busybox');
  });
});
