/** The simulated world every lesson (and the site's sandbox) starts from: its seed and Docker version. */
import type { DockerVersion } from '../sim/profile.ts';

export const LESSON_SEED = 7;
export const LESSON_VERSION: DockerVersion = '29';
