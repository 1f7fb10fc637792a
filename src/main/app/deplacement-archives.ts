import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ErreurApp, type ResultatDeplacement } from '../../shared/app-api/index.js';
import { verifierArchive } from '../archive/index.js';
import { synchroniserDossier } from '../commun/fichiers.js';
import {
  archivesLocales,
  ecrireMeta,
  lireMeta,
  META,
  noterControle,
  relocaliserArchive,
  type ArchiveLocaleStockee,
} from '../store/index.js';
import { cadenceProgression } from './cadence.js';
import { controleEnCours } from './controle-archives.js';
import type { Noyau } from './noyau.js';
import type { SessionOuverte } from './session.js';

const enCours = new WeakMap<SessionOuverte, { vers: string; tache: { tacheId: string; total: number } }>();

export function deplacementEnCours(s: SessionOuverte): boolean {
  return enCours.has(s);
}

/** The folder chosen by the agent must exist (or be creatable) and accept a file. */
export function verifierDossierInscriptible(dossier: string): string {
  if (!path.isAbsolute(dossier))
    throw new ErreurApp(
      'validation',
      `Le dossier des archives doit être un chemin complet : « ${dossier} ».`,
    );
  const absolu = path.resolve(dossier);
  try {
    fs.mkdirSync(absolu, { recursive: true });
    const essai = path.join(absolu, `.essai-ecriture-${process.pid}-${Date.now()}`);
    fs.writeFileSync(essai, 'ok');
    fs.rmSync(essai, { force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const raison =
      code === 'ENOSPC'
        ? 'le disque est plein'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'il n’est pas accessible en écriture'
          : 'il est inaccessible (partage réseau déconnecté ?)';
    throw new ErreurApp(
      'dossier_inutilisable',
      `Impossible d’utiliser ${absolu} comme dossier des archives : ${raison}.`,
    );
  }
  return absolu;
}

function messageErreur(numero: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return `Archive ${numero} non déplacée : le disque de destination est plein.`;
  if (code === 'EACCES' || code === 'EPERM') return `Archive ${numero} non déplacée : accès refusé.`;
  return `Archive ${numero} non déplacée : ${(e as Error).message}`;
}

/** What a move writes down before acting, so that a move killed at any point resumes and tidies up. */
interface Intention {
  vers: string;
  /** A source already copied and recorded at its new place, not yet removed: a duplicate to delete. */
  aSupprimer?: { chemin: string; racine: string };
}

function noterIntention(s: SessionOuverte, intention: Intention): void {
  ecrireMeta(s.db, META.deplacement, JSON.stringify(intention));
}

/**
 * Moves one archive, crash-safe at every step: copy to a `.part`, fsync, verify its SHA-256, rename,
 * fsync the folder, record the new place (and, in the same transaction, the source left to remove),
 * then remove the source. After a kill at any point the record points to a file that exists and is
 * intact (the source until the record changes, then the verified destination), and the one duplicate
 * a kill can leave is named in the intention and removed when the move resumes.
 */
async function deplacerUne(s: SessionOuverte, a: ArchiveLocaleStockee, vers: string): Promise<void> {
  const destination = path.join(vers, ...a.cheminRelatif.split('/'));
  if (path.resolve(destination) === path.resolve(a.chemin)) return;
  if (!(await verifierArchive(destination, a.sha256))) {
    if (!fs.existsSync(a.chemin)) {
      noterControle(s.db, a.numero, 'manquante');
      throw new Error(`Archive ${a.numero} introuvable dans ${a.dossierArchives} : rien à déplacer.`);
    }
    const part = `${destination}.part`;
    await fs.promises.mkdir(path.dirname(destination), { recursive: true });
    await fs.promises.copyFile(a.chemin, part);
    const fd = await fs.promises.open(part, 'r+');
    try {
      await fd.sync();
    } finally {
      await fd.close();
    }
    if (!(await verifierArchive(part, a.sha256))) {
      await fs.promises.rm(part, { force: true });
      throw new Error(
        `Archive ${a.numero} non déplacée : la copie ne correspond pas à l’empreinte enregistrée (la source est peut-être endommagée ; lancez « Contrôler les archives »).`,
      );
    }
    await fs.promises.rename(part, destination);
    synchroniserDossier(path.dirname(destination));
  }
  s.db.transaction(() => {
    relocaliserArchive(s.db, a.numero, vers, a.cheminRelatif);
    noterIntention(s, { vers, aSupprimer: { chemin: a.chemin, racine: a.dossierArchives } });
  })();
  await fs.promises.rm(a.chemin, { force: true });
}

/** The duplicate a kill left between recording the new place and removing the source. */
function supprimerDoublonLaisse(intention: Intention): string | undefined {
  if (!intention.aSupprimer) return undefined;
  fs.rmSync(intention.aSupprimer.chemin, { force: true });
  return intention.aSupprimer.racine;
}

/** Empty folders left behind by the move (`<code>/<AAAA-MM>`), never a file. */
function nettoyerDossiersVides(racine: string): void {
  const visiter = (d: string): boolean => {
    let entrees: fs.Dirent[];
    try {
      entrees = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return false;
    }
    let vide = true;
    for (const e of entrees) {
      if (e.isDirectory() && visiter(path.join(d, e.name))) continue;
      vide = false;
    }
    if (vide && d !== racine) fs.rmdirSync(d);
    return vide;
  };
  visiter(racine);
}

/**
 * Moves every local archive to `vers`, which becomes the folder of new archives at once. The intent
 * is stored first, so a move interrupted (crash, shutdown) resumes at the next session.
 */
export function lancerDeplacement(
  n: Noyau,
  s: SessionOuverte,
  versBrut: string,
): { tacheId: string; total: number } {
  const vers = verifierDossierInscriptible(versBrut);
  // One move at a time: asked again for the same folder (a move resumed at start-up), the same task.
  const deja = enCours.get(s);
  if (deja?.vers === vers) return deja.tache;
  if (deja)
    throw new ErreurApp(
      'occupe',
      `Un déplacement des archives vers ${deja.vers} est en cours : attendez sa fin ou annulez-le.`,
    );
  const precedente = lireIntention(s);
  const racineDuDoublon = precedente ? supprimerDoublonLaisse(precedente) : undefined;
  const archives = archivesLocales(s.db, vers);
  const anciens = [
    ...new Set([...archives.map((a) => a.dossierArchives), ...(racineDuDoublon ? [racineDuDoublon] : [])]),
  ];
  noterIntention(s, { vers });
  n.parametres.enregistrer({ dossierArchives: vers });
  // A check running meanwhile would judge files while they move: it stops (the next one redoes it).
  const controle = controleEnCours(s);
  if (controle) n.taches.annuler(controle.tacheId);
  const tacheId = randomUUID();
  const tache = { tacheId, total: archives.length };
  enCours.set(s, { vers, tache });
  void n.taches.enregistrerTravail(s, tacheId, false, async (signal) => {
    const r: ResultatDeplacement = { tacheId, deplacees: 0, echecs: [], annule: false };
    const aEmettre = cadenceProgression();
    for (const [i, a] of archives.entries()) {
      if (signal.aborted) break;
      try {
        await deplacerUne(s, a, vers);
        r.deplacees++;
      } catch (e) {
        r.echecs.push({ numero: a.numero, message: messageErreur(a.numero, e) });
        if ((e as NodeJS.ErrnoException).code === 'ENOSPC') {
          for (const reste of archives.slice(i + 1))
            r.echecs.push({ numero: reste.numero, message: messageErreur(reste.numero, e) });
          break;
        }
      }
      if (aEmettre(i === archives.length - 1)) {
        n.bus.emettre('deplacement.progression', {
          tacheId,
          total: archives.length,
          faits: i + 1,
          echecs: r.echecs.length,
        });
      }
    }
    r.annule = signal.aborted;
    // Cancelled: the archives not moved stay readable where they are; nothing to resume.
    ecrireMeta(s.db, META.deplacement, null);
    for (const ancien of anciens) nettoyerDossiersVides(ancien);
    enCours.delete(s);
    n.bus.emettre('deplacement.terminee', r);
    n.bus.emettre('dossiers.changes', {});
    return r;
  });
  return tache;
}

function lireIntention(s: SessionOuverte): Intention | undefined {
  const brut = lireMeta(s.db, META.deplacement);
  return brut ? (JSON.parse(brut) as Intention) : undefined;
}

/** A move interrupted by a crash or a shutdown goes on. */
export function reprendreDeplacement(n: Noyau, s: SessionOuverte): void {
  try {
    const intention = lireIntention(s);
    if (!intention) return;
    lancerDeplacement(n, s, intention.vers);
  } catch (e) {
    ecrireMeta(s.db, META.deplacement, null);
    n.bus.emettre('notification', {
      titre: 'Déplacement des archives interrompu',
      corps: `Le déplacement interrompu n’a pas pu reprendre : ${(e as Error).message} Les archives restent lisibles là où elles sont.`,
    });
  }
}
