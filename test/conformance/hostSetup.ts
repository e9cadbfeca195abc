/**
 * What a script needs from the recording host besides the engine, declared in a
 * header comment that both the recorder (record.ts) and the replay (replay.ts) read:
 *
 *   # host: registry 127.0.0.1:5000
 *
 * A Docker registry (Debian's docker-registry 2.8, no auth, empty storage) listens
 * on the host at that loopback address for the whole script, and the docker
 * client's config dir (/root/.docker, where `docker login` stores credentials)
 * starts empty. The recorder runs the real one; the replay gives the simulator a
 * registry on its host at the same port (SimImages.registry.listen).
 */

export interface HostSetup {
  /** Loopback port of a registry on the host. */
  registryPort?: number;
}

const DIRECTIVE = /^#\s*host:\s*(.*)$/;

/** The `# host:` directives of a script (lines that are comments, anywhere in the file). */
export function hostSetupOf(script: string): HostSetup {
  const setup: HostSetup = {};
  for (const raw of script.split(/\r?\n/)) {
    const m = DIRECTIVE.exec(raw.trim());
    if (!m) continue;
    const words = m[1]!.trim().split(/\s+/);
    if (words[0] === 'registry') {
      const addr = /^127\.0\.0\.1:(\d{1,5})$/.exec(words[1] ?? '');
      if (!addr || words.length !== 2) throw new Error(`host: registry needs one address 127.0.0.1:PORT, got '${m[1]}'`);
      setup.registryPort = Number(addr[1]);
    } else {
      throw new Error(`unknown host directive '${m[1]}' (known: registry 127.0.0.1:PORT)`);
    }
  }
  return setup;
}
