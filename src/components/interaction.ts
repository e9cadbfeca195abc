/** Calls `fn` once, on the learner's first interaction with the page (the heavy parts load then). */
const EVENTS = ['pointerdown', 'keydown', 'touchstart', 'focusin', 'wheel'] as const;

export function whenInteracted(fn: () => void): () => void {
  let fired = false;
  const fire = () => {
    if (fired) return;
    fired = true;
    stop();
    fn();
  };
  const stop = () => {
    for (const e of EVENTS) window.removeEventListener(e, fire, true);
  };
  for (const e of EVENTS) window.addEventListener(e, fire, { capture: true, passive: true });
  return stop;
}
