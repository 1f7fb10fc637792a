/**
 * At most ~5 progress events per second: the UI needs a live bar, not one event per archive. The
 * last one (`fin`) always goes out, so the bar ends full.
 */
export function cadenceProgression(intervalleMs = 200): (fin: boolean) => boolean {
  let derniere = 0;
  return (fin) => {
    const maintenant = Date.now();
    if (!fin && maintenant - derniere < intervalleMs) return false;
    derniere = maintenant;
    return true;
  };
}
