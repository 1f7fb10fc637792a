import fs from 'node:fs';
import path from 'node:path';
import { cheminArchive, verifierArchive } from '../archive/index.js';
import { synchroniserDossier } from '../commun/fichiers.js';
import {
  archivesLocales,
  ecrireMeta,
  lireMeta,
  META,
  rattacherArchivesSansDossier,
  relocaliserArchive,
} from '../store/index.js';
import type { Noyau } from './noyau.js';
import type { SessionOuverte } from './session.js';

/**
 * Store version 1 kept paths relative to the folder in Paramètres and named folders after the
 * démarche's intitulé. Each archive is attached to that folder, then renamed to
 * `<code démarche>/<AAAA-MM>/<numéro>.zip` in place (a rename: nothing is downloaded again). Safe to
 * run again after a crash: a zip already at its new place with the right bytes only updates the record.
 */
export async function migrerArbre(
  n: Noyau,
  s: SessionOuverte,
): Promise<{ renommees: number; echecs: string[] }> {
  rattacherArchivesSansDossier(s.db, n.parametres.lire().dossierArchives);
  const bilan = { renommees: 0, echecs: [] as string[] };
  if (lireMeta(s.db, META.arbreMigre)) return bilan;
  for (const a of archivesLocales(s.db)) {
    let attendu: string;
    try {
      attendu = cheminArchive({
        numero: a.numero,
        demarche: a.demarche,
        deposeLe: a.deposeLe,
        sha256: a.sha256,
        taille: a.taille,
      });
    } catch {
      continue;
    }
    if (attendu === a.cheminRelatif) continue;
    const destination = path.join(a.dossierArchives, ...attendu.split('/'));
    try {
      if (!(await verifierArchive(destination, a.sha256))) {
        if (!fs.existsSync(a.chemin)) continue; // missing: the integrity check reports it
        await fs.promises.mkdir(path.dirname(destination), { recursive: true });
        await fs.promises.rename(a.chemin, destination);
        synchroniserDossier(path.dirname(destination));
      } else {
        await fs.promises.rm(a.chemin, { force: true });
      }
      relocaliserArchive(s.db, a.numero, a.dossierArchives, attendu);
      bilan.renommees++;
    } catch (e) {
      bilan.echecs.push(`${a.numero} : ${(e as Error).message}`);
    }
  }
  if (bilan.echecs.length === 0) ecrireMeta(s.db, META.arbreMigre, new Date().toISOString());
  else
    n.bus.emettre('notification', {
      titre: 'Archives non réorganisées',
      corps: `${bilan.echecs.length} archive(s) gardent leur ancien emplacement (toujours lisibles) : ${bilan.echecs.slice(0, 3).join(' ; ')}. Nouvel essai à la prochaine ouverture.`,
    });
  return bilan;
}
