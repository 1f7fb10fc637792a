import type { Depots } from '../db/depots.js';
import { servicesDemo } from '../demo/index.js';
import { dictionnaireCourant } from '../dossiers/dictionnaire.js';
import { insererDossier } from '../dossiers/creation.js';
import { evenementsPortail } from '../demo/portail/index.js';
import { insererPortail } from '../portail/insertion.js';
import { workflow } from '../workflows.js';
import { genererLot, type ConfigGeneration } from './generation.js';
import { generateurParallele, type Generateur } from './parallele.js';
import { assurerReferentielDemo } from './referentiel.js';

export interface ResultatSeed {
  services: {
    codeInsee: string;
    nom: string;
    utilisateurs: { identifiant: string; motDePasse: string; habilitation: 'GESTION' | 'INSTRUCTION' }[];
  }[];
}

export interface OptionsSeed {
  dossiers: number;
  graine?: string;
  maintenant?: Date;
  /** Put every generated dossier in this service (code INSEE of a demo mairie); default: all, in turn. */
  codeInsee?: string;
  /** Worker threads generating dossiers; 0 = all on this thread (default, works everywhere). */
  travailleurs?: number;
  /** Progress callback (every batch). */
  progression?: (faits: number, total: number) => void;
}

const LOT = 500;

/**
 * Creates or extends a demo database. Deterministic for a given graine and starting database:
 * dossier i of the run is generated from (graine, i), where i continues from the number of
 * dossiers already generated in this database (a counter, not affected by purges).
 */
export async function peupler(depots: Depots, o: OptionsSeed): Promise<ResultatSeed> {
  const graine = o.graine ?? 'guichet';
  const maintenant = o.maintenant ?? new Date();
  const services = servicesDemo(graine);
  const lignes = await assurerReferentielDemo(depots, services, maintenant.getTime());
  const demarches = new Map(
    [...lignes.values()].flatMap((s) => depots.referentiel.demarchesDuService(s.id)).map((d) => [d.code, d]),
  );
  const cibles = o.codeInsee ? services.filter((s) => s.codeInsee === o.codeInsee) : services;
  if (cibles.length === 0) {
    const codes = services.map((s) => s.codeInsee).join(', ');
    throw new Error(`Service ${o.codeInsee ?? ''} inconnu ; services de démonstration : ${codes}.`);
  }
  const config: ConfigGeneration = {
    graine,
    services: cibles,
    maintenant: maintenant.getTime(),
    dictionnaire: dictionnaireCourant(depots),
  };
  const premier = depots.compteurs.lire('dossiers_generes');
  const nbLots = Math.ceil(o.dossiers / LOT);
  const bornes = (k: number) =>
    k < nbLots ? { debut: premier + k * LOT, fin: premier + Math.min(o.dossiers, (k + 1) * LOT) } : null;
  const generateur: Generateur =
    (o.travailleurs ?? 0) > 0
      ? generateurParallele(config, o.travailleurs ?? 1, bornes)
      : {
          lot: (k) => {
            const b = bornes(k);
            return b ? genererLot(config, b.debut, b.fin) : Promise.resolve([]);
          },
          fermer: async () => undefined,
        };
  const serviceIds = new Map([...lignes.values()].map((s) => [s.codeInsee, s.id]));
  try {
    for (let k = 0; k < nbLots; k++) {
      const lot = await generateur.lot(k);
      const b = bornes(k);
      depots.db
        .transaction(() => {
          for (const { p, codeInsee, historique, portail } of lot) {
            const demarche = demarches.get(p.codeDemarche);
            const serviceId = serviceIds.get(codeInsee);
            if (!demarche || serviceId === undefined)
              throw new Error(`Démarche ou service inconnu : ${p.codeDemarche}`);
            // A numéro already taken (vanishingly rare): that dossier is skipped, not duplicated.
            const etatClos = workflow(demarche.workflow).etatClos;
            const autres = portail ? evenementsPortail(portail) : 0;
            const id = insererDossier(depots, p, serviceId, demarche.id, historique, etatClos, autres);
            if (id !== null && portail) insererPortail(depots, id, portail);
          }
          if (b) depots.compteurs.ecrire('dossiers_generes', b.fin);
        })
        .immediate();
      o.progression?.(Math.min(o.dossiers, (k + 1) * LOT), o.dossiers);
    }
  } finally {
    await generateur.fermer();
  }

  return {
    services: services.map((s) => ({
      codeInsee: s.codeInsee,
      nom: s.nom,
      utilisateurs: s.utilisateurs.map((u) => ({
        identifiant: u.identifiant,
        motDePasse: u.motDePasse,
        habilitation: u.habilitation,
      })),
    })),
  };
}
