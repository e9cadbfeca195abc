/**
 * The docker client's stored credentials (`docker login`) for a native backend: the
 * simulator's CLI keeps them per engine in memory (src/sim/cli/credentials.ts); a
 * native engine hands it this map instead, which is written through to
 * `<state root>/client/config.json` in the docker client's own format
 * (`{"auths": {"localhost:5000": {"auth": base64("user:password")}}}`, mode 0600).
 * The host's /root/.docker is never read or written: each state root (a `classroom
 * serve` session, a test) has its own credentials, and a later run on the same root
 * finds them again, as a real client does in its config file.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredCredentials } from '../../sim/cli/credentials.ts';
import { writeAtomic } from '../images/files.ts';

/** At most this many registries are remembered (the file is read whole at open). */
const MAX_ENTRIES = 1000;
const MAX_FILE_BYTES = 1024 * 1024;

export class CredentialFile extends Map<string, StoredCredentials> {
  readonly path: string;
  #loading = true;

  constructor(stateRoot: string) {
    super();
    const dir = join(stateRoot, 'client');
    this.path = join(dir, 'config.json');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#load();
    this.#loading = false;
  }

  #load(): void {
    if (!existsSync(this.path)) return;
    let data: unknown;
    try {
      const text = readFileSync(this.path, 'utf8');
      if (text.length > MAX_FILE_BYTES) return;
      data = JSON.parse(text);
    } catch {
      return; // unreadable: as if nobody had logged in
    }
    const auths = (data as { auths?: unknown })?.auths;
    if (!auths || typeof auths !== 'object') return;
    for (const [key, v] of Object.entries(auths as Record<string, unknown>).slice(0, MAX_ENTRIES)) {
      const auth = (v as { auth?: unknown })?.auth;
      if (typeof auth !== 'string') continue;
      const plain = Buffer.from(auth, 'base64').toString('utf8');
      const i = plain.indexOf(':');
      if (i < 0) continue;
      super.set(key, { username: plain.slice(0, i), password: plain.slice(i + 1), serverAddress: key });
    }
  }

  #save(): void {
    const auths: Record<string, { auth: string }> = {};
    for (const [key, c] of this) auths[key] = { auth: Buffer.from(`${c.username}:${c.password}`).toString('base64') };
    writeAtomic(this.path, JSON.stringify({ auths }, null, '\t') + '\n', 0o600);
  }

  override set(key: string, value: StoredCredentials): this {
    super.set(key, value);
    if (!this.#loading) this.#save();
    return this;
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had) this.#save();
    return had;
  }

  override clear(): void {
    super.clear();
    this.#save();
  }
}
