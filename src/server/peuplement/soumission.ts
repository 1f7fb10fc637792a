import { randomBytes } from 'node:crypto';
import type { Depots } from '../db/depots.js';
import {
  creerAleatoire,
  DEMARCHES_PORTAIL_DEMO,
  TOUTES_DEMARCHES_DEMO,
  genererDossier,
} from '../demo/index.js';
import type { DossierDemo } from '../demo/index.js';
import { genererDemandePortail, type PortailDemo } from '../demo/portail/index.js';
import { insererPortail } from '../portail/insertion.js';
import { insererDossier, preparerDossier } from '../dossiers/creation.js';
import { dictionnaireCourant } from '../dossiers/dictionnaire.js';
import type { Courrier } from '../mail/courrier.js';
import { messageNouveauDossier } from '../mail/messages.js';
import { workflow } from '../workflows.js';

/** The requested service is not in the database: a usage error for the CLI, not a failure. */
export class ErreurServiceInconnu extends Error {
  constructor(
    readonly codeInsee: string,
    readonly connus: readonly string[],
  ) {
    super(
      connus.length > 0
        ? `Aucun service de code INSEE ${codeInsee} dans la base (services présents : ${connus.join(', ')}).`
        : `Aucun service de code INSEE ${codeInsee} : la base ne contient aucun service, lancez d’abord « seed ».`,
    );
  }
}

/** `--demarche` names no portal démarche of the demo. */
export class ErreurDemarcheInconnue extends Error {
  constructor(code: string) {
    super(
      `« ${code} » n'est pas une démarche de portail citoyen ; démarches possibles : ${DEMARCHES_PORTAIL_DEMO.map((d) => d.code).join(', ')}.`,
    );
  }
}

export interface Soumis {
  numero: string;
  codeInsee: string;
  demarche: string;
}

/**
 * Simulates citizens submitting `nombre` dossiers now (état initial, one historique entry), to the
 * services of the database, and notifies every active agent of the receiving service by mail.
 * `portail` (or a portal `demarche`): citizen portal demandes instead, with their demandeur, 1 to 4
 * justificatifs (most provided) and sometimes a rendez-vous.
 */
export async function soumettre(
  depots: Depots,
  courrier: Courrier,
  o: {
    nombre: number;
    maintenant: Date;
    graine?: string;
    codeInsee?: string;
    portail?: boolean;
    demarche?: string;
  },
): Promise<Soumis[]> {
  if (o.demarche !== undefined && !DEMARCHES_PORTAIL_DEMO.some((d) => d.code === o.demarche)) {
    throw new ErreurDemarcheInconnue(o.demarche);
  }
  const portail = o.portail === true || o.demarche !== undefined;
  const rng = creerAleatoire(o.graine ?? `soumission:${randomBytes(8).toString('hex')}`);
  const tous = depots.referentiel.services();
  const services = tous.filter((s) => !o.codeInsee || s.codeInsee === o.codeInsee);
  if (services.length === 0) {
    if (o.codeInsee)
      throw new ErreurServiceInconnu(
        o.codeInsee,
        tous.map((s) => s.codeInsee),
      );
    throw new Error('Aucun service : lancez d’abord « seed ».');
  }
  const dict = dictionnaireCourant(depots);
  const soumis: Soumis[] = [];
  while (soumis.length < o.nombre) {
    const service = rng.choisir(services);
    const serviceDemo = { codeInsee: service.codeInsee, nom: service.nom, utilisateurs: [] };
    let partiePortail: PortailDemo | undefined;
    let dossier: DossierDemo;
    if (portail) {
      const demande = genererDemandePortail(rng, serviceDemo, o.maintenant, o.demarche);
      dossier = demande.dossier;
      partiePortail = demande.portail;
    } else {
      dossier = genererDossier(rng, serviceDemo, o.maintenant);
    }
    const p = await preparerDossier(
      dossier,
      { codeInsee: service.codeInsee, nom: service.nom, utilisateurs: [] },
      dict,
    );
    const modele = TOUTES_DEMARCHES_DEMO.find((d) => d.code === dossier.codeDemarche);
    const inseres = depots.db
      .transaction(() => {
        const demarche =
          depots.referentiel.demarcheParCode(dossier.codeDemarche) ??
          (modele
            ? depots.referentiel.assurerDemarche({ ...modele, piecesRequises: [...modele.piecesRequises] })
            : undefined);
        if (!demarche) throw new Error(`Démarche inconnue : ${dossier.codeDemarche}`);
        depots.referentiel.lierDemarche(service.id, demarche.id);
        const wf = workflow(demarche.workflow);
        const historique = [
          { le: o.maintenant.getTime(), par: null, etat: wf.etatInitial, commentaire: null },
        ];
        const id = insererDossier(depots, p, service.id, demarche.id, historique, wf.etatClos);
        if (id !== null && partiePortail) insererPortail(depots, id, partiePortail);
        return id === null ? null : demarche;
      })
      .immediate();
    if (!inseres) continue;
    soumis.push({ numero: dossier.numero, codeInsee: service.codeInsee, demarche: inseres.code });
    for (const u of depots.utilisateurs.duService(service.id, true)) {
      courrier.envoyer(messageNouveauDossier(u.courriel, dossier.numero, inseres.intitule));
    }
  }
  return soumis;
}
