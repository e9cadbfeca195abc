/** The search index: every lesson and step, in both languages, as plain text (built into /search-index.json). */
import type { Lesson } from '../lessons/format.ts';
import { plainText } from '../lessons/markdown.ts';
import { href, type SiteLang, short } from './i18n.ts';

export interface SearchDoc {
  lang: SiteLang;
  url: string;
  title: string;
  /** The lesson's title when this document is one of its steps. */
  lesson?: string;
  text: string;
}

export function buildIndex(lessons: readonly Lesson[], extra: SearchDoc[] = []): SearchDoc[] {
  const docs: SearchDoc[] = [...extra];
  for (const lang of ['zh-CN', 'en'] as const) {
    const s = short(lang);
    for (const l of lessons) {
      const url = href(lang, `/lessons/${l.slug}/`);
      docs.push({ lang, url, title: l.title[s], text: `${l.summary[s]} ${plainText(l.intro[s])}` });
      for (const [i, step] of l.steps.entries()) {
        const cmds = [...step.commands, ...step.solution].map((c) => c.text).join(' ');
        docs.push({ lang, url: `${url}#step-${i + 1}`, title: l.title[s], lesson: l.title[s], text: `${plainText(step.prose[s])} ${cmds}` });
      }
    }
  }
  return docs;
}

/** Splits a query into terms: words for Latin text; a CJK run is matched as typed. */
export function terms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[\s,，。;；]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export interface Hit {
  doc: SearchDoc;
  score: number;
  snippet: string;
}

/** Documents of one language containing every term, best first (title hits weigh more). */
export function search(docs: readonly SearchDoc[], lang: SiteLang, query: string, limit = 30): Hit[] {
  const ts = terms(query);
  if (!ts.length) return [];
  const hits: Hit[] = [];
  for (const doc of docs) {
    if (doc.lang !== lang) continue;
    const title = doc.title.toLowerCase();
    const text = doc.text.toLowerCase();
    let score = 0;
    let ok = true;
    for (const t of ts) {
      const inTitle = title.includes(t);
      const at = text.indexOf(t);
      if (!inTitle && at < 0) {
        ok = false;
        break;
      }
      score += (inTitle ? 5 : 0) + (at >= 0 ? 1 + Math.min(3, text.split(t).length - 2) : 0);
    }
    if (!ok) continue;
    if (!doc.lesson) score += 2;
    hits.push({ doc, score, snippet: snippet(doc.text, ts[0]!) });
  }
  // One hit per URL, best first.
  hits.sort((a, b) => b.score - a.score);
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.doc.url) && seen.add(h.doc.url)).slice(0, limit);
}

function snippet(text: string, term: string): string {
  const at = text.toLowerCase().indexOf(term);
  if (at < 0) return text.slice(0, 120);
  const from = Math.max(0, at - 50);
  return `${from > 0 ? '…' : ''}${text.slice(from, at + term.length + 70)}${at + term.length + 70 < text.length ? '…' : ''}`;
}
