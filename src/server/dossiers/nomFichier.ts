/**
 * A file name safe to store and to put in a zip: no path, no control or reserved characters, no
 * leading dots, bounded length, NFC. Never empty.
 */
export function nettoyerNomFichier(brut: string, parDefaut = 'fichier'): string {
  const base = brut.split(/[\\/]/).pop() ?? '';
  let nom = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '')
    .trim();
  if (nom.length > 120) {
    const point = nom.lastIndexOf('.');
    const ext = point > 0 && nom.length - point <= 10 ? nom.slice(point) : '';
    nom = nom.slice(0, 120 - ext.length) + ext;
  }
  return nom || parDefaut;
}

/** Makes names unique within one archive: `a.pdf`, `a-2.pdf`, … */
export function nomsUniques(reserves: readonly string[]): (nom: string) => string {
  const pris = new Set(reserves.map((n) => n.toLowerCase()));
  return (nom) => {
    let candidat = nom;
    const point = nom.lastIndexOf('.');
    const [radical, ext] = point > 0 ? [nom.slice(0, point), nom.slice(point)] : [nom, ''];
    for (let i = 2; pris.has(candidat.toLowerCase()); i++) candidat = `${radical}-${i}${ext}`;
    pris.add(candidat.toLowerCase());
    return candidat;
  };
}
