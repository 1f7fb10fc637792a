import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { ErreurApp, type ResultatVerification } from '../../shared/app-api/index.js';
import { lireEnteteArchive, verifierArchive } from '../archive/index.js';
import {
  archiveLocale,
  archivesLocales,
  ecrireMeta,
  elementsArchivables,
  lireMeta,
  META,
  noterControle,
} from '../store/index.js';
import { cadenceProgression } from './cadence.js';
import { deplacementEnCours } from './deplacement-archives.js';
import type { Noyau } from './noyau.js';
import type { SessionOuverte } from './session.js';

/** False when the zip's entete.xml names another dossier; an archive without one is judged by its SHA-256. */
async function nommeLeDossier(chemin: string, numero: string): Promise<boolean> {
  const entete = await lireEnteteArchive(chemin).catch(() => null);
  return !entete || entete.numero === numero;
}

const JOUR_MS = 86_400_000;
/** Pause between two files in a background check: the disk and the event loop stay available. */
const PAUSE_FOND_MS = 20;

/** One check at a time per session. */
const enCours = new WeakMap<SessionOuverte, { tacheId: string; total: number }>();

function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A folder we can list (a disconnected network share is not). */
export function dossierAccessible(chemin: string): boolean {
  try {
    return fs.statSync(chemin).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Re-hashes every local zip against its recorded SHA-256. A missing or damaged one is marked
 * (never "archivé" again until fixed) and downloaded again when the guichet still serves it. An
 * archive folder that cannot be reached (network share disconnected) is reported, its archives left
 * as they were: an unreachable folder is not a lost archive.
 */
export function lancerControle(
  n: Noyau,
  s: SessionOuverte,
  fond = false,
): { tacheId: string; total: number } {
  const deja = enCours.get(s);
  if (deja) return deja;
  if (deplacementEnCours(s))
    throw new ErreurApp(
      'occupe',
      'Les archives sont en cours de déplacement : le contrôle sera possible une fois le déplacement terminé.',
    );
  const tacheId = randomUUID();
  const archives = archivesLocales(s.db);
  const tache = { tacheId, total: archives.length };
  enCours.set(s, tache);
  void n.taches
    .enregistrerTravail(s, tacheId, false, async (signal) => {
      const r: ResultatVerification = {
        tacheId,
        controlees: 0,
        intactes: 0,
        manquantes: [],
        endommagees: [],
        retelechargees: [],
        irrecuperables: [],
        annule: false,
      };
      const racines = new Map<string, boolean>();
      const inaccessibles = new Map<string, number>();
      let echecs = 0;
      const aEmettre = cadenceProgression();
      for (const [i, a] of archives.entries()) {
        if (signal.aborted) break;
        let accessible = racines.get(a.dossierArchives);
        if (accessible === undefined) {
          accessible = dossierAccessible(a.dossierArchives);
          racines.set(a.dossierArchives, accessible);
        }
        if (!accessible) {
          inaccessibles.set(a.dossierArchives, (inaccessibles.get(a.dossierArchives) ?? 0) + 1);
        } else {
          let intacte = false;
          let chemin = a.chemin;
          try {
            intacte = await verifierArchive(chemin, a.sha256);
            if (!intacte) {
              // Re-downloaded or moved since the list was read: judge the file the store points to now.
              const actuelle = archiveLocale(s.db, a.numero);
              if (actuelle && (actuelle.chemin !== chemin || actuelle.sha256 !== a.sha256)) {
                chemin = actuelle.chemin;
                intacte = await verifierArchive(chemin, actuelle.sha256);
              }
            }
          } catch {
            intacte = false;
          }
          // The right bytes of the wrong dossier are not this dossier's archive (see contenu.ts).
          if (intacte) intacte = await nommeLeDossier(chemin, a.numero);
          r.controlees++;
          if (intacte) {
            r.intactes++;
            noterControle(s.db, a.numero, null);
          } else {
            const defaut = fs.existsSync(chemin) ? 'endommagee' : 'manquante';
            (defaut === 'manquante' ? r.manquantes : r.endommagees).push(a.numero);
            noterControle(s.db, a.numero, defaut);
            echecs++;
          }
        }
        if (aEmettre(i === archives.length - 1)) {
          n.bus.emettre('verification.progression', {
            tacheId,
            total: archives.length,
            faits: i + 1,
            echecs,
          });
        }
        if (fond) await pause(PAUSE_FOND_MS);
      }
      r.annule = signal.aborted;
      const defectueuses = [...r.manquantes, ...r.endommagees];
      if (defectueuses.length) n.bus.emettre('dossiers.changes', { numeros: defectueuses });
      // What the guichet still serves is downloaded again now (or at the next sync when offline).
      const servies = elementsArchivables(s.db, defectueuses);
      const serviesNumeros = new Set(servies.map((e) => e.numero));
      if (servies.length && s.mode === 'en-ligne' && !signal.aborted) {
        await n.taches.telecharger(s, servies, signal, null).catch(() => undefined);
      }
      for (const numero of defectueuses) {
        if (!serviesNumeros.has(numero)) r.irrecuperables.push(numero);
        else if (archiveLocale(s.db, numero)?.defaut === null) r.retelechargees.push(numero);
      }
      if (!r.annule && inaccessibles.size === 0)
        ecrireMeta(s.db, META.derniereVerification, new Date().toISOString());
      for (const [dossier, nombre] of inaccessibles) {
        n.bus.emettre('notification', {
          titre: 'Dossier des archives inaccessible',
          corps: `${dossier} est inaccessible (partage réseau déconnecté ?) : ${nombre} archive(s) non contrôlée(s), rien n’a été modifié.`,
        });
      }
      n.bus.emettre('verification.terminee', r);
      n.bus.emettre('dossiers.changes', {});
      return r;
    })
    .finally(() => {
      enCours.delete(s);
    });
  return tache;
}

/** The weekly (by default) check, in the background, when it is due. */
/** The running check of this session, if any (a move cancels it first). */
export function controleEnCours(s: SessionOuverte): { tacheId: string; total: number } | null {
  return enCours.get(s) ?? null;
}

export function controlerSiDu(n: Noyau, s: SessionOuverte): void {
  const jours = n.parametres.lire().verificationJours;
  if (jours === 0 || enCours.has(s) || deplacementEnCours(s)) return;
  const derniere = lireMeta(s.db, META.derniereVerification);
  const ecoule = derniere ? n.maintenant() - Date.parse(derniere) : Infinity;
  if (ecoule >= jours * JOUR_MS && archivesLocales(s.db).length > 0) lancerControle(n, s, true);
}
