/**
 * The small Markdown the lessons are written in, rendered to HTML at build time:
 * paragraphs, `### headings`, `- ` and `1. ` lists, ``` fenced code ```, `> ` notes
 * (a note whose first words are bold is a labelled callout), pipe tables, and inline
 * `code`, **bold**, *emphasis* and [links](url). Everything else is text: all of it
 * is HTML-escaped, so a lesson file cannot inject markup.
 */

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

const SAFE_URL = /^(?:https?:\/\/|\/|#|\.\.?\/)/;

/** Inline markup of one block's text. */
export function inline(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^`([^`]+)`/.exec(rest))) {
      out += `<code>${escapeHtml(m[1]!)}</code>`;
    } else if ((m = /^\*\*(.+?)\*\*/.exec(rest))) {
      out += `<strong>${inline(m[1]!)}</strong>`;
    } else if ((m = /^\*([^*\s](?:[^*]*[^*\s])?)\*/.exec(rest))) {
      out += `<em>${inline(m[1]!)}</em>`;
    } else if ((m = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest))) {
      const href = SAFE_URL.test(m[2]!) ? m[2]! : '#';
      const external = /^https?:/.test(href);
      out += `<a href="${escapeHtml(href)}"${external ? ' rel="noopener"' : ''}>${inline(m[1]!)}</a>`;
    } else {
      out += escapeHtml(text[i]!);
      i++;
      continue;
    }
    i += m[0].length;
  }
  return out;
}

function table(rows: string[]): string {
  const cells = (r: string) =>
    r
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const [head, , ...body] = rows;
  const th = cells(head!).map((c) => `<th scope="col">${inline(c)}</th>`).join('');
  const trs = body.map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('');
  return `<div class="table-wrap"><table><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table></div>`;
}

export function markdown(src: string): string {
  const lines = src.split('\n');
  const out: string[] = [];
  let i = 0;
  const isBlockStart = (l: string) => /^(```|#{2,4} |> |- |\* |\d+\. |\|)/.test(l);
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^```\s*([\w-]*)\s*$/.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
      i++;
      const lang = fence[1] ? ` data-lang="${escapeHtml(fence[1])}"` : '';
      // tabindex: a block wider than the column scrolls, and must scroll from the keyboard too.
      out.push(`<pre class="code" tabindex="0"${lang}><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const h = /^(#{2,4}) (.*)$/.exec(line);
    if (h) {
      const level = h[1]!.length + 1;
      out.push(`<h${level}>${inline(h[2]!)}</h${level}>`);
      i++;
      continue;
    }
    if (line.startsWith('> ') || line === '>') {
      const body: string[] = [];
      for (; i < lines.length && (lines[i]!.startsWith('> ') || lines[i] === '>'); i++) body.push(lines[i]!.slice(2));
      out.push(`<aside class="note">${markdown(body.join('\n'))}</aside>`);
      continue;
    }
    if (/^[-*] /.test(line) || /^\d+\. /.test(line)) {
      const ordered = /^\d+\. /.test(line);
      const items: string[] = [];
      const marker = ordered ? /^\d+\. / : /^[-*] /;
      for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
        const l = lines[i]!;
        if (marker.test(l)) items.push(l.replace(marker, ''));
        else if (/^\s+\S/.test(l) && items.length) items[items.length - 1] += ` ${l.trim()}`;
        else break;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((it) => `<li>${inline(it)}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (line.startsWith('|') && /^\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
      const rows: string[] = [];
      for (; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!);
      out.push(table(rows));
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && lines[i]!.trim() !== '' && (para.length === 0 || !isBlockStart(lines[i]!)); i++) para.push(lines[i]!.trim());
    out.push(`<p>${inline(joinLines(para))}</p>`);
  }
  return out.join('\n');
}

/** Joins wrapped lines: a space between Latin words, nothing between CJK characters. */
function joinLines(parts: string[]): string {
  let s = '';
  for (const p of parts) {
    if (!s) s = p;
    else if (/[\u3000-\u9fff\uff00-\uffef]$/.test(s) && /^[\u3000-\u9fff\uff00-\uffef]/.test(p)) s += p;
    else s += ` ${p}`;
  }
  return s;
}

/** Plain text of some Markdown (for search and descriptions). */
export function plainText(src: string): string {
  return src
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\*\*?([^*]+)\*\*?/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/^[>#|\-*\d. ]+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}
