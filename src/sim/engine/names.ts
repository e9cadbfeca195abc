/** Docker's container name generator and name rules (moby internal/namesgenerator, daemon/names.go). */
import { ADJECTIVES, SURNAMES } from './namesData.ts';
import type { Random } from './random.ts';

/** `adjective_surname`; from the second try on a random digit is appended. boring_wozniak is never drawn. */
export function randomName(rng: Random, retry: number): string {
  for (;;) {
    const name = `${ADJECTIVES[rng.int(ADJECTIVES.length)]}_${SURNAMES[rng.int(SURNAMES.length)]}`;
    if (name === 'boring_wozniak') continue;
    return retry > 0 ? `${name}${rng.int(10)}` : name;
  }
}

/** Up to 6 tries, then the short ID (daemon/names.go generateAndReserveNewName). */
export function generateName(rng: Random, taken: (name: string) => boolean, shortId: string): string {
  for (let i = 0; i < 6; i++) {
    const name = randomName(rng, i);
    if (!taken(name)) return name;
  }
  return shortId;
}

const VALID_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
export const isValidName = (name: string): boolean => VALID_NAME.test(name);
