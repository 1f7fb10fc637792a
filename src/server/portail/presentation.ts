import type { Demandeur, Portail } from '../../shared/api/schemas.js';
import { aDesEchanges } from '../../shared/workflow/index.js';
import type { Depots } from '../db/depots.js';
import type { DossierLigne } from '../db/dossiers.js';
import type { JustificatifLigne } from '../db/justificatifs.js';
import type { FichierMessageLigne, MessageLigne } from '../db/messages.js';
import type { RendezVousLigne } from '../db/rendez-vous.js';
import { iso } from '../horloge.js';
import { workflow } from '../workflows.js';

type DepotsLecture = Pick<
  Depots,
  'referentiel' | 'demandeurs' | 'messages' | 'justificatifs' | 'rendezVous' | 'utilisateurs'
>;

/** The démarche's workflow has échanges: its dossiers carry `portail`. Démarches are cached. */
export function estPortail(depots: Pick<Depots, 'referentiel'>, l: DossierLigne): boolean {
  return aDesEchanges(workflow(depots.referentiel.demarche(l.demarcheId).workflow));
}

/** A demandeur row is written with every portal demande; this only covers a damaged base. */
function demandeurParDefaut(courriel: string): Demandeur {
  return {
    civilite: null,
    nom: courriel.split('@')[0] || 'Usager',
    prenom: '—',
    dateNaissance: null,
    adresse: { ligne1: '', ligne2: null, codePostal: '', commune: '' },
    courriel,
    telephone: null,
    mobile: null,
    contactPrefere: 'courriel',
    concerne: null,
  };
}

function grouper<T>(lignes: readonly T[], cle: (l: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const l of lignes) {
    const liste = m.get(cle(l));
    if (liste) liste.push(l);
    else m.set(cle(l), [l]);
  }
  return m;
}

const fichier = (f: FichierMessageLigne) => ({
  id: f.publicId,
  nom: f.nom,
  type: f.type,
  taille: f.taille,
  sha256: f.sha256.toString('hex'),
  le: iso(f.le),
});

function justificatif(j: JustificatifLigne): Portail['justificatifs'][number] {
  return {
    id: j.publicId,
    libelle: j.libelle,
    statut: j.statut,
    motif: j.motif,
    fichier:
      j.fichierPublicId && j.sha256 && j.taille !== null
        ? {
            id: j.fichierPublicId,
            nom: j.fichierNom ?? 'fichier',
            type: j.fichierType ?? 'application/octet-stream',
            taille: j.taille,
            sha256: j.sha256.toString('hex'),
            le: iso(j.fourniLe ?? 0),
          }
        : null,
    decideLe: j.decideLe === null ? null : iso(j.decideLe),
    decidePar: j.decidePar,
  };
}

function rendezVous(r: RendezVousLigne): Portail['rendezVous'][number] {
  return {
    id: r.publicId,
    debut: iso(r.debut),
    fin: iso(r.fin),
    lieu: r.lieu,
    objet: r.objet,
    statut: r.statut,
    annulePar: r.annulePar,
    motifAnnulation: r.motifAnnulation,
    remplace: r.remplace,
  };
}

/**
 * The `portail` part of every portal dossier among `lignes`, in five queries whatever their number
 * (a page of the incremental listing holds up to 1000 dossiers). Dossiers of a workflow without
 * échanges are skipped before any query: a Guichet de Suivi page costs nothing more.
 */
export function chargerPortails(
  depots: DepotsLecture,
  lignes: readonly DossierLigne[],
): Map<number, Portail> {
  const portails = lignes.filter((l) => estPortail(depots, l));
  const resultat = new Map<number, Portail>();
  if (portails.length === 0) return resultat;
  const ids = portails.map((l) => l.id);
  const demandeurs = depots.demandeurs.lirePlusieurs(ids);
  const messages: MessageLigne[] = depots.messages.desDossiers(ids);
  const fichiers = grouper(
    depots.messages.fichiersDesMessages(messages.map((m) => m.id)),
    (f) => f.messageId,
  );
  const messagesParDossier = grouper(messages, (m) => m.dossierId);
  const justificatifs = grouper(depots.justificatifs.desDossiers(ids), (j) => j.dossierId);
  const rdv = grouper(depots.rendezVous.desDossiers(ids), (r) => r.dossierId);
  const noms = new Map<string, string | null>();
  const nomDe = (identifiant: string): string | null => {
    if (!noms.has(identifiant)) {
      const u = depots.utilisateurs.parIdentifiant(identifiant);
      noms.set(identifiant, u ? `${u.prenom} ${u.nom}` : null);
    }
    return noms.get(identifiant) ?? null;
  };
  for (const l of portails) {
    resultat.set(l.id, {
      demandeur: demandeurs.get(l.id) ?? demandeurParDefaut(l.courriel),
      messages: (messagesParDossier.get(l.id) ?? []).map((m) => ({
        id: m.publicId,
        le: iso(m.le),
        sens: m.sens,
        sujet: m.sujet,
        texte: m.texte,
        par: m.par,
        parNom: m.par === null ? null : nomDe(m.par),
        pieces: (fichiers.get(m.id) ?? []).map(fichier),
        luParUsagerLe: m.luParUsagerLe === null ? null : iso(m.luParUsagerLe),
      })),
      justificatifs: (justificatifs.get(l.id) ?? []).map(justificatif),
      rendezVous: (rdv.get(l.id) ?? []).map(rendezVous),
    });
  }
  return resultat;
}
