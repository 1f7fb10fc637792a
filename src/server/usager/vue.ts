import type { Portail } from '../../shared/api/schemas.js';
import { libelleEtat } from '../../shared/workflow/index.js';
import { dateHeureFrancaise } from '../portail/textes.js';
import { chargerPortails } from '../portail/presentation.js';
import { demandeUsager, type ContexteUsager } from './contexte.js';

/** What the citizen sees of a demande in the portal (« Mes demandes », « Mes échanges »…). */
export interface VueUsager {
  numero: string;
  demarche: string;
  etat: { code: number; libelle: string };
  dernierCommentaire: string | null;
  portail: Portail;
}

export function vueUsager(ctx: ContexteUsager, numero: string): VueUsager {
  const { l, wf } = demandeUsager(ctx, numero);
  const portail = chargerPortails(ctx.depots, [l]).get(l.id);
  if (!portail) throw new Error(`Demande ${numero} sans partie portail.`);
  return {
    numero: l.numero,
    demarche: ctx.depots.referentiel.demarche(l.demarcheId).intitule,
    etat: { code: l.etat, libelle: libelleEtat(wf, l.etat) },
    dernierCommentaire: l.dernierCommentaire,
    portail,
  };
}

const STATUTS = {
  'non-fourni': 'Non fourni',
  fourni: 'Fourni',
  valide: 'Valide',
  invalide: 'Invalide',
} as const;

export function vueEnTexte(v: VueUsager): string {
  const d = v.portail.demandeur;
  const date = (iso: string) => dateHeureFrancaise(Date.parse(iso));
  const lignes = [
    `Demande ${v.numero} — ${v.demarche}`,
    `État : ${v.etat.libelle} (${v.etat.code})`,
    ...(v.dernierCommentaire ? [`Dernier commentaire : ${v.dernierCommentaire}`] : []),
    `Demandeur : ${d.civilite ?? ''} ${d.prenom} ${d.nom}`.replace(/\s+/g, ' ').trim() +
      (d.concerne ? ` — concerne ${d.concerne}` : ''),
    '',
    `Mes justificatifs à fournir (${v.portail.justificatifs.length}) :`,
    ...v.portail.justificatifs.map(
      (j) =>
        `  [${j.id}] ${STATUTS[j.statut]} — ${j.libelle}` +
        (j.fichier ? ` (${j.fichier.nom})` : '') +
        (j.motif ? ` — motif : ${j.motif}` : ''),
    ),
    '',
    `Mes échanges (${v.portail.messages.length}) :`,
    ...v.portail.messages.flatMap((m) => [
      `  ${date(m.le)} ${m.sens === 'mairie' ? '← mairie' : '→ mairie'} « ${m.sujet} »` +
        (m.sens === 'mairie' ? (m.luParUsagerLe ? ' (lu)' : ' (non lu)') : '') +
        (m.pieces.length ? ` — ${m.pieces.length} pièce(s) jointe(s)` : ''),
      ...m.texte.split('\n').map((t) => `      ${t}`),
    ]),
    '',
    `Mes rendez-vous (${v.portail.rendezVous.length}) :`,
    ...v.portail.rendezVous.map(
      (r) =>
        `  [${r.id}] ${date(r.debut)} — ${r.objet} — ${r.lieu} — ` +
        (r.statut === 'planifie'
          ? 'planifié'
          : `annulé par ${r.annulePar === 'usager' ? "l'usager" : 'la mairie'} (${r.motifAnnulation ?? ''})`),
    ),
  ];
  return lignes.join('\n');
}
