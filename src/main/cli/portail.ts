import fs from 'node:fs';
import path from 'node:path';
import type { Portail } from '../../shared/api/index.js';
import type { DossierLocal } from '../../shared/app-api/index.js';
import { echapper, ErreurUsage, option, optionRequise, type Arguments } from './arguments.js';
import type { ContexteCli } from './session.js';

/** The portal's commands of `instructeur`: read the thread, write, decide, ask for a correction. */

export interface OutilsCli {
  numero: (brut: string | undefined) => string;
  envoyer: (
    ctx: ContexteCli,
    ids: string[],
  ) => Promise<{ resultat: Record<string, unknown>; message: string }>;
  avecDossierConnu: <T>(ctx: ContexteCli, f: () => Promise<T>) => Promise<T>;
}

const date = (iso: string) => iso.replace('T', ' ').slice(0, 16);

/** Indented, escaped: the citizen's text may hold anything. */
function bloc(texte: string): string[] {
  return texte.split(/\r?\n/).map((l) => `      ${echapper(l)}`);
}

function lignesPortail(d: DossierLocal, p: Portail): string[] {
  const dm = p.demandeur;
  const nonLus = new Set(d.messagesNonLus);
  const contact = [
    `courriel ${echapper(dm.courriel)}`,
    dm.telephone ? `téléphone ${echapper(dm.telephone)}` : null,
    dm.mobile ? `mobile ${echapper(dm.mobile)}` : null,
  ].filter((x) => x !== null);
  const lignes = [
    `Demandeur : ${echapper([dm.civilite, dm.prenom, dm.nom].filter((x) => x).join(' '))}${dm.concerne ? ` (pour ${echapper(dm.concerne)})` : ''}`,
    `  ${echapper([dm.adresse.ligne1, dm.adresse.ligne2, `${dm.adresse.codePostal} ${dm.adresse.commune}`].filter((x) => x).join(', '))}`,
    `  ${contact.join(', ')} — contact préféré : ${dm.contactPrefere}`,
    `Messages : ${p.messages.length}, dont ${nonLus.size} non lu(s)`,
  ];
  for (const m of p.messages) {
    const qui = m.sens === 'usager' ? 'usager' : `mairie${m.parNom ? ` (${echapper(m.parNom)})` : ''}`;
    lignes.push(`  ${date(m.le)}  ${qui}  « ${echapper(m.sujet)} »${nonLus.has(m.id) ? '  [non lu]' : ''}`);
    lignes.push(...bloc(m.texte));
    for (const f of m.pieces) lignes.push(`      pièce : ${echapper(f.nom)} (${f.type}, ${f.taille} octets)`);
  }
  lignes.push(`Justificatifs : ${p.justificatifs.length}`);
  for (const j of p.justificatifs) {
    const statut = j.statut === 'invalide' ? `invalide — ${echapper(j.motif ?? '')}` : j.statut;
    lignes.push(
      `  ${echapper(j.id)}  ${echapper(j.libelle)} : ${statut}${j.fichier ? ` — fichier ${echapper(j.fichier.nom)} du ${date(j.fichier.le)}` : ''}`,
    );
  }
  lignes.push(`Rendez-vous : ${p.rendezVous.length}`);
  for (const r of p.rendezVous) {
    const statut =
      r.statut === 'annule'
        ? `annulé${r.annulePar ? ` par ${r.annulePar === 'usager' ? "l'usager" : 'la mairie'}` : ''}${r.motifAnnulation ? ` (${echapper(r.motifAnnulation)})` : ''}`
        : 'planifié';
    lignes.push(
      `  ${echapper(r.id)}  ${date(r.debut)} → ${date(r.fin)}  ${echapper(r.lieu)}  « ${echapper(r.objet)} » : ${statut}`,
    );
  }
  return lignes;
}

function lirePiece(chemin: string): { nom: string; contenuBase64: string } {
  let contenu: Buffer;
  try {
    contenu = fs.readFileSync(chemin);
  } catch (e) {
    throw new ErreurUsage(
      `Le fichier ${echapper(chemin)} est illisible (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
  return { nom: path.basename(chemin), contenuBase64: contenu.toString('base64') };
}

export function commandesPortail(o: OutilsCli) {
  return {
    async echanges(a: Arguments, ctx: ContexteCli) {
      const n = o.numero(a.positionnels[0]);
      // Fresh from the guichet when it answers; what this workstation knows otherwise.
      const d =
        ctx.mode() === 'en-ligne'
          ? await o.avecDossierConnu(ctx, () => ctx.coeur.appeler('dossiers.rafraichir', { numero: n }))
          : await ctx.coeur.appeler('dossiers.detail', { numero: n });
      const lignes = [
        `Dossier ${echapper(d.numero)} — ${echapper(d.demarche?.intitule ?? '?')} — état ${d.etat ?? '?'}`,
        ...(d.portail
          ? lignesPortail(d, d.portail)
          : [
              "Ce dossier ne relève pas d'un portail citoyen : il n'a ni échanges, ni justificatifs, ni rendez-vous.",
            ]),
        ...(d.actions.length
          ? [
              `Actions en file d'attente : ${d.actions.length}`,
              ...d.actions.map(
                (x) =>
                  `  ${x.statut} — ${echapper(x.resume ?? x.type)}${x.erreur ? ` — ${echapper(x.erreur)}` : ''}`,
              ),
            ]
          : []),
      ];
      return {
        resultat: {
          numero: d.numero,
          etat: d.etat,
          portail: d.portail ?? null,
          messagesNonLus: d.messagesNonLus,
          actions: d.actions,
        },
        message: lignes.join('\n'),
      };
    },

    async ecrire(a: Arguments, ctx: ContexteCli) {
      const n = o.numero(a.positionnels[0]);
      const sujet = optionRequise(a, 'sujet');
      const texte = optionRequise(a, 'texte');
      const pieces = (a.listes.get('piece') ?? []).map(lirePiece);
      const action = await o.avecDossierConnu(ctx, () =>
        ctx.coeur.appeler('echanges.envoyer', { numero: n, sujet, texte, pieces }),
      );
      return o.envoyer(ctx, [action.id]);
    },

    async justificatif(a: Arguments, ctx: ContexteCli) {
      const n = o.numero(a.positionnels[0]);
      const id = a.positionnels[1];
      if (!id)
        throw new ErreurUsage('Usage : justificatif <numéro> <id> --valide | --invalide --motif <texte>');
      const valide = a.options.has('valide');
      const invalide = a.options.has('invalide');
      if (valide === invalide)
        throw new ErreurUsage('Indiquez soit --valide, soit --invalide --motif <texte>.');
      const motif = option(a, 'motif');
      if (invalide && !motif?.trim()) throw new ErreurUsage('--invalide demande un --motif.');
      const action = await o.avecDossierConnu(ctx, () =>
        ctx.coeur.appeler('justificatifs.decider', {
          numero: n,
          id,
          statut: valide ? 'valide' : 'invalide',
          ...(motif ? { motif } : {}),
        }),
      );
      return o.envoyer(ctx, [action.id]);
    },

    async correction(a: Arguments, ctx: ContexteCli) {
      const n = o.numero(a.positionnels[0]);
      const manque = optionRequise(a, 'manque');
      const invalides = (a.listes.get('invalide') ?? []).map((v) => {
        const i = v.indexOf(':');
        const id = i > 0 ? v.slice(0, i).trim() : '';
        const motif = i > 0 ? v.slice(i + 1).trim() : '';
        if (!id || !motif) throw new ErreurUsage(`--invalide attend <id>:<motif> (reçu « ${echapper(v)} »).`);
        return { id, motif };
      });
      const { actions } = await o.avecDossierConnu(ctx, () =>
        ctx.coeur.appeler('dossiers.demanderCorrection', { numero: n, manque, invalides }),
      );
      return o.envoyer(
        ctx,
        actions.map((x) => x.id),
      );
    },
  };
}
