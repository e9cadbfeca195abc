/**
 * Image references exactly as distribution/reference parses them: the grammar
 * (regexp.go), Parse, ParseNormalizedNamed (Docker Hub defaults: `busybox` →
 * `docker.io/library/busybox`), ParseAnyReference (64-hex IDs and bare digests),
 * TagNameOnly, Familiar* helpers, and go-digest's validation.
 *
 * Two generations are modelled:
 *  - '20.10': docker/distribution v2.8.1 vendored by Engine/CLI 20.10.24. The
 *    lowercase error has no name in it; the first path element is a domain only if
 *    it contains "." or ":" or is "localhost"; the length limit applies to the
 *    whole name.
 *  - '29': github.com/distribution/reference v0.6.0 (Engine/CLI v29). The lowercase
 *    error quotes the offending remote name; an uppercase first element counts as a
 *    domain; bracketed IPv6 hosts are allowed; the limit applies to the path.
 */
import type { DockerVersion } from '../profile.ts';

export const DEFAULT_DOMAIN = 'docker.io';
export const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
export const OFFICIAL_REPO_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';
export const NAME_TOTAL_LENGTH_MAX = 255;

/** A reference that failed to parse; `message` is the library's exact text. */
export class ReferenceFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceFormatError';
  }
}

export const isReferenceFormatError = (e: unknown): e is ReferenceFormatError => e instanceof ReferenceFormatError;

export const ERR_REFERENCE_INVALID_FORMAT = 'invalid reference format';
export const ERR_TAG_INVALID_FORMAT = 'invalid tag format';
export const ERR_NAME_CONTAINS_UPPERCASE = 'repository name must be lowercase';
export const ERR_NAME_EMPTY = 'repository name must have at least one component';
export const ERR_NAME_TOO_LONG = `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`;
export const ERR_NAME_NOT_CANONICAL = 'repository name must be canonical';
export const ERR_DIGEST_INVALID_FORMAT = 'invalid checksum digest format';
export const ERR_DIGEST_INVALID_LENGTH = 'invalid checksum digest length';
export const ERR_DIGEST_UNSUPPORTED = 'unsupported digest algorithm';

/** A named reference: `domain/path[:tag][@digest]`. */
export interface NamedReference {
  readonly kind: 'named';
  /** e.g. "docker.io", "localhost:5000", "" for names parsed without normalisation. */
  readonly domain: string;
  /** e.g. "library/busybox", "fhsinchy/hello-dock". */
  readonly path: string;
  readonly tag?: string;
  /** "sha256:<hex>" */
  readonly digest?: string;
}

/** A bare digest (`sha256:<64hex>`, or a 64-hex ID given to ParseAnyReference). */
export interface DigestReference {
  readonly kind: 'digest';
  readonly digest: string;
}

export type Reference = NamedReference | DigestReference;

// ---- grammar (regexp.go) -------------------------------------------------------

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;

interface Grammar {
  reference: RegExp;
  anchoredName: RegExp;
}

function grammar(version: DockerVersion): Grammar {
  const host = version === '20.10' ? domainName : `(?:${domainName}|${ipv6address})`;
  const domainAndPort = host + optionalPort;
  const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
  const remoteName = `${pathComponent}(?:/${pathComponent})*`;
  const namePat = `(?:${domainAndPort}/)?${remoteName}`;
  return {
    reference: new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`),
    anchoredName: new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`),
  };
}

const GRAMMARS: Record<DockerVersion, Grammar> = { '20.10': grammar('20.10'), '29': grammar('29') };
const anchoredTag = new RegExp(`^${tagPat}$`);
const anchoredDigest = new RegExp(`^${digestPat}$`);
const anchoredIdentifier = /^[a-f0-9]{64}$/;

const DIGEST_SIZES: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };

/** go-digest's Digest.Validate: returns the error text, or undefined when valid. */
export function validateDigest(s: string): string | undefined {
  const i = s.indexOf(':');
  if (i <= 0 || i + 1 === s.length) return ERR_DIGEST_INVALID_FORMAT;
  const alg = s.slice(0, i);
  const encoded = s.slice(i + 1);
  const size = DIGEST_SIZES[alg];
  if (size === undefined) {
    if (!anchoredDigest.test(s)) return ERR_DIGEST_INVALID_FORMAT;
    return ERR_DIGEST_UNSUPPORTED;
  }
  if (encoded.length !== size * 2) return ERR_DIGEST_INVALID_LENGTH;
  if (!/^[a-f0-9]+$/.test(encoded)) return ERR_DIGEST_INVALID_FORMAT;
  return undefined;
}

/** Whether `tag` is a valid tag (`[\w][\w.-]{0,127}`). */
export function isValidTag(tag: string): boolean {
  return anchoredTag.test(tag);
}

/** Whether `s` is a full 64-hex image/container ID (without `sha256:`). */
export function isFullIdentifier(s: string): boolean {
  return anchoredIdentifier.test(s);
}

/** reference.Parse: the plain grammar, no normalisation. */
export function parse(s: string, version: DockerVersion = '29'): Reference {
  const g = GRAMMARS[version];
  const m = g.reference.exec(s);
  if (!m) {
    if (s === '') throw new ReferenceFormatError(ERR_NAME_EMPTY);
    if (g.reference.test(s.toLowerCase())) throw new ReferenceFormatError(ERR_NAME_CONTAINS_UPPERCASE);
    throw new ReferenceFormatError(ERR_REFERENCE_INVALID_FORMAT);
  }
  const name = m[1]!;
  if (version === '20.10' && name.length > NAME_TOTAL_LENGTH_MAX) throw new ReferenceFormatError(ERR_NAME_TOO_LONG);
  const nm = g.anchoredName.exec(name);
  const domain = nm ? (nm[1] ?? '') : '';
  const path = nm ? nm[2]! : name;
  if (version === '29' && path.length > NAME_TOTAL_LENGTH_MAX) throw new ReferenceFormatError(ERR_NAME_TOO_LONG);
  const tag = m[2] || undefined;
  let digest: string | undefined;
  if (m[3]) {
    const err = validateDigest(m[3]);
    if (err) throw new ReferenceFormatError(err);
    digest = m[3];
  }
  if (!name) {
    if (digest) return { kind: 'digest', digest };
    throw new ReferenceFormatError(ERR_NAME_EMPTY);
  }
  return named(domain, path, tag, digest);
}

function named(domain: string, path: string, tag?: string, digest?: string): NamedReference {
  const r: { kind: 'named'; domain: string; path: string; tag?: string; digest?: string } = { kind: 'named', domain, path };
  if (tag !== undefined) r.tag = tag;
  if (digest !== undefined) r.digest = digest;
  return r;
}

/** splitDockerDomain: domain and remainder (remote name plus tag/digest) of a familiar string. */
export function splitDockerDomain(name: string, version: DockerVersion = '29'): { domain: string; remainder: string } {
  let domain: string;
  let remainder: string;
  const i = name.indexOf('/');
  if (version === '20.10') {
    if (i === -1 || (!/[.:]/.test(name.slice(0, i)) && name.slice(0, i) !== 'localhost')) {
      domain = DEFAULT_DOMAIN;
      remainder = name;
    } else {
      domain = name.slice(0, i);
      remainder = name.slice(i + 1);
    }
    if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  } else {
    if (i === -1) return { domain: DEFAULT_DOMAIN, remainder: OFFICIAL_REPO_PREFIX + name };
    const maybeDomain = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (maybeDomain === 'localhost') [domain, remainder] = [maybeDomain, rest];
    else if (maybeDomain === LEGACY_DEFAULT_DOMAIN) [domain, remainder] = [DEFAULT_DOMAIN, rest];
    else if (/[.:]/.test(maybeDomain)) [domain, remainder] = [maybeDomain, rest];
    else if (maybeDomain.toLowerCase() !== maybeDomain) [domain, remainder] = [maybeDomain, rest];
    else [domain, remainder] = [DEFAULT_DOMAIN, name];
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/**
 * ParseNormalizedNamed: a familiar string as typed on the command line
 * (`busybox`, `busybox:1.36`, `localhost:5000/ubuntu:16.04`, `user/repo@sha256:…`)
 * to a fully qualified named reference. Does NOT add the default tag.
 */
export function parseNormalizedNamed(s: string, version: DockerVersion = '29'): NamedReference {
  if (anchoredIdentifier.test(s)) {
    throw new ReferenceFormatError(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const { domain, remainder } = splitDockerDomain(s, version);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw new ReferenceFormatError(
      version === '20.10'
        ? `${ERR_REFERENCE_INVALID_FORMAT}: ${ERR_NAME_CONTAINS_UPPERCASE}`
        : `${ERR_REFERENCE_INVALID_FORMAT}: repository name (${remote}) must be lowercase`,
    );
  }
  const ref = parse(`${domain}/${remainder}`, version);
  if (ref.kind !== 'named') throw new ReferenceFormatError(`reference ${ref.digest} has no name`);
  return ref;
}

/** ParseAnyReference: a 64-hex ID or a bare digest becomes a digest reference, anything else a normalised name. */
export function parseAnyReference(s: string, version: DockerVersion = '29'): Reference {
  if (anchoredIdentifier.test(s)) return { kind: 'digest', digest: 'sha256:' + s };
  if (validateDigest(s) === undefined) return { kind: 'digest', digest: s };
  return parseNormalizedNamed(s, version);
}

/** ParseDockerRef: normalised, tag defaulted to latest, and a tag+digest reference keeps only the digest. */
export function parseDockerRef(s: string, version: DockerVersion = '29'): NamedReference {
  const r = parseNormalizedNamed(s, version);
  if (r.tag !== undefined && r.digest !== undefined) return named(r.domain, r.path, undefined, r.digest);
  return tagNameOnly(r);
}

/** TagNameOnly: adds `latest` when the reference has neither tag nor digest. */
export function tagNameOnly(r: NamedReference): NamedReference {
  if (r.tag === undefined && r.digest === undefined) return named(r.domain, r.path, DEFAULT_TAG);
  return r;
}

/** WithTag (the tag must be valid; throws `invalid tag format`). Keeps a digest. */
export function withTag(r: NamedReference, tag: string): NamedReference {
  if (!isValidTag(tag)) throw new ReferenceFormatError(ERR_TAG_INVALID_FORMAT);
  return named(r.domain, r.path, tag, r.digest);
}

/** WithDigest. Keeps a tag. */
export function withDigest(r: NamedReference, digest: string): NamedReference {
  if (!anchoredDigest.test(digest)) throw new ReferenceFormatError('invalid digest format');
  return named(r.domain, r.path, r.tag, digest);
}

/** TrimNamed: the repository alone. */
export function trimNamed(r: NamedReference): NamedReference {
  return named(r.domain, r.path);
}

/** Name(): `domain/path`, e.g. "docker.io/library/busybox". */
export function fullName(r: NamedReference): string {
  return r.domain ? `${r.domain}/${r.path}` : r.path;
}

/** String(): the canonical form, e.g. "docker.io/library/busybox:latest". */
export function referenceString(r: Reference): string {
  if (r.kind === 'digest') return r.digest;
  let s = fullName(r);
  if (r.tag !== undefined) s += ':' + r.tag;
  if (r.digest !== undefined) s += '@' + r.digest;
  return s;
}

function familiarRepo(r: NamedReference): { domain: string; path: string } {
  if (r.domain !== DEFAULT_DOMAIN) return { domain: r.domain, path: r.path };
  let path = r.path;
  if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes('/')) path = rest;
  }
  return { domain: '', path };
}

/** FamiliarName: "busybox", "fhsinchy/hello-dock", "localhost:5000/ubuntu". */
export function familiarName(r: NamedReference): string {
  const f = familiarRepo(r);
  return f.domain ? `${f.domain}/${f.path}` : f.path;
}

/** FamiliarString: "busybox:latest", "busybox@sha256:…", "localhost:5000/ubuntu:16.04". */
export function familiarString(r: Reference): string {
  if (r.kind === 'digest') return r.digest;
  let s = familiarName(r);
  if (r.tag !== undefined) s += ':' + r.tag;
  if (r.digest !== undefined) s += '@' + r.digest;
  return s;
}

/** The tag, or `latest` when there is none (a digest-only reference also gives `latest`). */
export function tagOrDefault(r: NamedReference): string {
  return r.tag ?? DEFAULT_TAG;
}

/** "library/busybox" — what pull prints after "Pulling from". */
export function pathOf(r: NamedReference): string {
  return r.path;
}

/** Go's path.Match (used by FamiliarMatch for `--filter reference=`). Throws on a malformed pattern. */
export function pathMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= pattern.length) throw new ReferenceFormatError('syntax error in pattern');
      re += escapeRe(pattern[i]!);
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new ReferenceFormatError('syntax error in pattern');
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = '^' + body.slice(1).replace(/[\]\\]/g, '\\$&');
      else body = body.replace(/[\]\\^]/g, '\\$&');
      re += `(?:(?!/)[${body}])`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$').test(name);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** FamiliarMatch: the pattern against the familiar string, then against the familiar name. */
export function familiarMatch(pattern: string, r: NamedReference): boolean {
  if (pathMatch(pattern, familiarString(r))) return true;
  return pathMatch(pattern, familiarName(r));
}

/** Equality of two named references (domain, path, tag and digest). */
export function sameReference(a: NamedReference, b: NamedReference): boolean {
  return a.domain === b.domain && a.path === b.path && a.tag === b.tag && a.digest === b.digest;
}
