import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import {
  ErreurApp,
  parametresSchema,
  profilSchema,
  type Parametres,
  type Profil,
} from '../../shared/app-api/index.js';
import { OCTETS_PAR_MO, TAILLE_MAX_ARCHIVE_PAR_DEFAUT } from '../archive/telechargement.js';
import { ecrireAtomique, lireJsonSiExiste } from '../commun/fichiers.js';
import { verifierUrlGuichet } from './url.js';

/**
 * Profiles and settings, as JSON files in the data folder (written atomically). No secret here:
 * `motDePasseMemorise` only says whether the keychain holds the password.
 */
const fichierProfilsSchema = z.object({ version: z.literal(1), profils: z.array(profilSchema) });

export interface DepotProfils {
  lister(): Profil[];
  lire(id: string): Profil;
  enregistrer(p: Omit<Profil, 'id' | 'motDePasseMemorise'> & { id?: string }): Profil;
  marquerMemorise(id: string, memorise: boolean): Profil;
  supprimer(id: string): Profil;
  /** The profile's own folder (SQLite store, queued PDFs). */
  dossier(id: string): string;
}

export function creerDepotProfils(dossierDonnees: string): DepotProfils {
  const fichier = path.join(dossierDonnees, 'profils.json');
  const lire = (): Profil[] => {
    const brut = lireJsonSiExiste<unknown>(fichier);
    if (brut === null) return [];
    const ok = fichierProfilsSchema.safeParse(brut);
    if (!ok.success)
      throw new ErreurApp('donnees_illisibles', `Le fichier des profils est illisible (${fichier}).`);
    return ok.data.profils;
  };
  const ecrire = (profils: Profil[]) =>
    ecrireAtomique(fichier, JSON.stringify({ version: 1, profils }, null, 2));
  const depot: DepotProfils = {
    lister: lire,
    lire(id) {
      const p = lire().find((x) => x.id === id);
      if (!p) throw new ErreurApp('introuvable', 'Ce profil de connexion n’existe pas.');
      return p;
    },
    enregistrer(saisie) {
      const profils = lire();
      const existant = saisie.id ? profils.find((x) => x.id === saisie.id) : undefined;
      if (saisie.id && !existant) throw new ErreurApp('introuvable', 'Ce profil de connexion n’existe pas.');
      const urlGuichet = saisie.urlGuichet.replace(/\/+$/, '');
      verifierUrlGuichet(urlGuichet);
      const doublon = profils.find(
        (x) => x.id !== saisie.id && x.urlGuichet === urlGuichet && x.identifiant === saisie.identifiant,
      );
      if (doublon)
        throw new ErreurApp('validation', `Un profil existe déjà pour ${saisie.identifiant} sur ce guichet.`);
      const profil: Profil = {
        id: existant?.id ?? randomUUID(),
        nom: saisie.nom,
        urlGuichet,
        identifiant: saisie.identifiant,
        // Changing the URL or the identifiant changes the keychain account: the stored password no longer applies.
        motDePasseMemorise:
          !!existant?.motDePasseMemorise &&
          existant.urlGuichet === urlGuichet &&
          existant.identifiant === saisie.identifiant,
      };
      ecrire(existant ? profils.map((x) => (x.id === profil.id ? profil : x)) : [...profils, profil]);
      return profil;
    },
    marquerMemorise(id, memorise) {
      const profils = lire();
      const p = profils.find((x) => x.id === id);
      if (!p) throw new ErreurApp('introuvable', 'Ce profil de connexion n’existe pas.');
      const maj = { ...p, motDePasseMemorise: memorise };
      ecrire(profils.map((x) => (x.id === id ? maj : x)));
      return maj;
    },
    supprimer(id) {
      const profils = lire();
      const p = profils.find((x) => x.id === id);
      if (!p) throw new ErreurApp('introuvable', 'Ce profil de connexion n’existe pas.');
      ecrire(profils.filter((x) => x.id !== id));
      return p;
    },
    dossier: (id) => path.join(dossierDonnees, 'profils', id.replace(/[^A-Za-z0-9_-]/g, '_')),
  };
  return depot;
}

export function parametresParDefaut(dossierDonnees: string): Parametres {
  return {
    dossierArchives: path.join(dossierDonnees, 'archives'),
    intervalleSynchroMinutes: 5,
    autoArchive: true,
    concurrenceTelechargement: 4,
    notifications: true,
    joursRisque: 7,
    verificationJours: 7,
    tailleMaxArchiveMo: TAILLE_MAX_ARCHIVE_PAR_DEFAUT / OCTETS_PAR_MO,
  };
}

export interface DepotParametres {
  lire(): Parametres;
  enregistrer(modifs: Partial<Parametres>): Parametres;
}

export function creerDepotParametres(dossierDonnees: string): DepotParametres {
  const fichier = path.join(dossierDonnees, 'parametres.json');
  const lire = (): Parametres => {
    const defaut = parametresParDefaut(dossierDonnees);
    const brut = lireJsonSiExiste<Record<string, unknown>>(fichier);
    const ok = parametresSchema.safeParse({ ...defaut, ...(brut ?? {}) });
    return ok.success ? ok.data : defaut;
  };
  return {
    lire,
    enregistrer(modifs) {
      const p = parametresSchema.parse({ ...lire(), ...modifs });
      ecrireAtomique(fichier, JSON.stringify(p, null, 2));
      return p;
    },
  };
}
