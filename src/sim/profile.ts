/**
 * Which Docker the simulator imitates. Texts and behaviour follow current Docker
 * (v29) unless the profile says 20.10 (Engine 20.10.24 with its 20.10 CLI).
 */
export type DockerVersion = '29' | '20.10';

export interface Profile {
  version: DockerVersion;
  /** What `docker version` reports. */
  engineVersion: string;
  apiVersion: string;
  /** BusyBox / kernel details the simulated host reports. */
  kernelRelease: string;
}

export const PROFILES: Record<DockerVersion, Profile> = {
  '29': { version: '29', engineVersion: '29.7.2', apiVersion: '1.55', kernelRelease: '6.1.0-28-amd64' },
  '20.10': { version: '20.10', engineVersion: '20.10.24+dfsg1', apiVersion: '1.41', kernelRelease: '6.1.0-28-amd64' },
};

export function parseDockerVersion(v: string): DockerVersion | undefined {
  if (v === '20.10' || v.startsWith('20.10.')) return '20.10';
  if (v === '29' || v === 'current' || v === 'latest' || v.startsWith('29.')) return '29';
  return undefined;
}

export const isOld = (p: Profile): boolean => p.version === '20.10';
