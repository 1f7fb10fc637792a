import type { HistoriqueLigne } from '../db/dossiers.js';
import { creerAleatoire, genererDossier, parcoursDemo, type ServiceDemo } from '../demo/index.js';
import { genererDemandePortail, parcoursPortail, type PortailDemo } from '../demo/portail/index.js';
import { preparerDossier, type DossierPrepare } from '../dossiers/creation.js';
import type { Dictionnaire } from '../dossiers/donnees.js';
import { JOUR_MS } from '../horloge.js';
import { RETENTION_JOURS } from '../dossiers/presentation.js';

/** What every generator (main thread or worker) shares for one seed run. */
export interface ConfigGeneration {
  graine: string;
  services: ServiceDemo[];
  maintenant: number;
  dictionnaire: Dictionnaire;
}

export interface DossierGenere {
  p: DossierPrepare;
  codeInsee: string;
  historique: HistoriqueLigne[];
  /** A citizen portal demande: its demandeur, justificatifs, échanges and rendez-vous. */
  portail?: PortailDemo;
}

/**
 * Share of portal demandes among seeded dossiers. Drawn from a generator of its own, so that every
 * other index yields exactly the Guichet de Suivi dossier it always did.
 */
export const PART_PORTAIL = 0.06;

/**
 * Dossiers are spread over the last 30 days minus a margin, so that all the requested dossiers
 * are live right after seeding and the oldest expire within a couple of hours (watch them go with
 * `--decalage-jours` or the hourly purge).
 */
const MARGE_MS = 2 * 60 * 60 * 1000;

/**
 * Dossier number `index` of a seed run. It has its own generator seeded by (graine, index): its
 * numéro and content depend neither on the clock nor on the other dossiers, nor on which thread
 * computes it.
 */
export async function genererDossierNumero(c: ConfigGeneration, index: number): Promise<DossierGenere> {
  const service = c.services[index % c.services.length];
  if (!service) throw new Error('Aucun service de démonstration.');
  const etendue = RETENTION_JOURS * JOUR_MS - MARGE_MS;
  const rngPortail = creerAleatoire(`${c.graine}:portail:${index}`);
  if (rngPortail.suivant() < PART_PORTAIL) {
    const deposeLe = new Date(c.maintenant - Math.floor(rngPortail.suivant() * etendue));
    const demande = genererDemandePortail(rngPortail, service, deposeLe);
    const historique = parcoursPortail(rngPortail, demande, service.utilisateurs, new Date(c.maintenant));
    return {
      p: await preparerDossier(demande.dossier, service, c.dictionnaire),
      codeInsee: service.codeInsee,
      historique: historique.map((h) => ({
        le: h.le.getTime(),
        par: h.par,
        etat: h.etat,
        commentaire: h.commentaire,
      })),
      portail: demande.portail,
    };
  }
  const rng = creerAleatoire(`${c.graine}:dossier:${index}`);
  const deposeLe = new Date(c.maintenant - Math.floor(rng.suivant() * etendue));
  const dossier = genererDossier(rng, service, deposeLe);
  const historique = parcoursDemo(rng, dossier, service.utilisateurs, new Date(c.maintenant)).map((h) => ({
    le: h.le.getTime(),
    par: h.par,
    etat: h.etat,
    commentaire: h.commentaire,
  }));
  return {
    p: await preparerDossier(dossier, service, c.dictionnaire),
    codeInsee: service.codeInsee,
    historique,
  };
}

export async function genererLot(c: ConfigGeneration, debut: number, fin: number): Promise<DossierGenere[]> {
  const lot: DossierGenere[] = [];
  for (let i = debut; i < fin; i++) lot.push(await genererDossierNumero(c, i));
  return lot;
}
