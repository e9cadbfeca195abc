// The search index as a static JSON file (fetched by the search page only).
import { LESSONS } from '../lessons/catalog.ts';
import { buildIndex } from '../site/searchIndex.ts';

export function GET(): Response {
  return new Response(JSON.stringify(buildIndex(LESSONS)), { headers: { 'Content-Type': 'application/json' } });
}
