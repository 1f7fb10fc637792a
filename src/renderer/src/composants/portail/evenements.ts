import type { DossierLocal } from '../../../../shared/app-api/index.js';
import type { Portail } from '../../../../shared/api/schemas.js';
import { nettoyerNom } from '../../../../shared/noms.js';
import { dateHeure, taille } from '../../format.js';
import { DE_QUI, LIBELLE_STATUT_JUSTIFICATIF, PAR_QUI } from './libelles.js';

/** The four kinds of event of the citizen's « Historique » (seed 001). */
export type TypeEvenement = 'operation' | 'piece' | 'echange' | 'rendez-vous';

export const LIBELLE_TYPE_EVENEMENT: Record<TypeEvenement, string> = {
  operation: 'Opération',
  piece: 'Pièce jointe',
  echange: 'Échange',
  'rendez-vous': 'Rendez-vous',
};

export interface Evenement {
  cle: string;
  type: TypeEvenement;
  le: string;
  titre: string;
  detail: string | null;
  par: string;
}

export interface Nommage {
  libelle: (etat: number) => string;
  libelleSlot: (slot: string) => string;
  auteur: (par: string | null, parNom?: string | null) => string;
}

const heure = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short' });

function extrait(texte: string, max = 160): string {
  const t = texte.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * Every event of a portal demande, newest first: the state changes, the pièces (deposited by the
 * mairie, provided by the citizen, decided on), the messages and the rendez-vous (dated by their slot).
 */
export function evenementsDe(d: DossierLocal, portail: Portail, n: Nommage): Evenement[] {
  const liste: Evenement[] = [];
  d.historique.forEach((h, i) =>
    liste.push({
      cle: `etat-${i}`,
      type: 'operation',
      le: h.le,
      titre: `Nouvel état : ${n.libelle(h.etat)}`,
      detail: h.commentaire,
      par: n.auteur(h.par, h.parNom),
    }),
  );
  for (const p of d.piecesDeposees)
    liste.push({
      cle: `piece-${p.id}`,
      type: 'piece',
      le: p.le,
      titre: `Pièce jointe déposée : ${n.libelleSlot(p.slot)}`,
      detail: `${nettoyerNom(p.nom)} (${taille(p.taille)})`,
      par: 'la mairie',
    });
  for (const j of portail.justificatifs) {
    if (j.fichier)
      liste.push({
        cle: `fourni-${j.id}-${j.fichier.id}`,
        type: 'piece',
        le: j.fichier.le,
        titre: `Justificatif fourni : ${j.libelle}`,
        detail: `${nettoyerNom(j.fichier.nom)} (${taille(j.fichier.taille)})`,
        par: 'l’usager',
      });
    if (j.decideLe && (j.statut === 'valide' || j.statut === 'invalide'))
      liste.push({
        cle: `decision-${j.id}`,
        type: 'piece',
        le: j.decideLe,
        titre: `Justificatif ${LIBELLE_STATUT_JUSTIFICATIF[j.statut].toLowerCase()} : ${j.libelle}`,
        detail: j.statut === 'invalide' ? j.motif : null,
        par: n.auteur(j.decidePar),
      });
  }
  for (const m of portail.messages)
    liste.push({
      cle: `message-${m.id}`,
      type: 'echange',
      le: m.le,
      titre: `Message ${DE_QUI[m.sens]} : ${m.sujet}`,
      detail: extrait(m.texte) + (m.pieces.length ? ` (${m.pieces.length} pièce(s) jointe(s))` : ''),
      par: m.sens === 'usager' ? 'l’usager' : n.auteur(m.par, m.parNom),
    });
  for (const r of portail.rendezVous)
    liste.push({
      cle: `rdv-${r.id}`,
      type: 'rendez-vous',
      le: r.debut,
      titre: `Rendez-vous ${r.statut === 'annule' ? 'annulé' : 'planifié'} : ${r.objet}`,
      detail:
        `${dateHeure(r.debut)} – ${heure.format(new Date(r.fin))}, ${r.lieu}` +
        (r.statut === 'annule' ? ` — annulé ${r.annulePar ? PAR_QUI[r.annulePar] : ''}` : '') +
        (r.motifAnnulation ? ` : ${r.motifAnnulation}` : ''),
      // Who planned a slot is not known; who cancelled it is.
      par: r.annulePar === 'usager' ? 'l’usager' : r.annulePar === 'mairie' ? 'la mairie' : '—',
    });
  return liste.sort((a, b) => Date.parse(b.le) - Date.parse(a.le));
}
