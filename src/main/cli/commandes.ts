import fs from 'node:fs';
import path from 'node:path';
import { ErreurApp, type ActionFile } from '../../shared/app-api/index.js';
import { normaliserNumero } from '../../shared/numero.js';
import { ErreurUsage, option, optionRequise, type Arguments } from './arguments.js';
import type { ContexteCli } from './session.js';

export interface Sortie {
  resultat: Record<string, unknown>;
  message: string;
}
type Commande = (a: Arguments, ctx: ContexteCli) => Promise<Sortie>;

function numero(brut: string | undefined): string {
  const n = brut ? normaliserNumero(brut) : null;
  if (!n) throw new ErreurUsage(`Numéro de télédossier invalide : ${brut ?? '(absent)'}.`);
  return n;
}

const enLigne = (ctx: ContexteCli) => ctx.mode() === 'en-ligne';

/** Runs an action creation; a dossier unknown locally is fetched by a sync first (when online). */
async function avecDossierConnu<T>(ctx: ContexteCli, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (!(e instanceof ErreurApp) || e.code !== 'introuvable' || !enLigne(ctx)) throw e;
    await ctx.coeur.appeler('synchro.lancer', {});
    return f();
  }
}

/** Sends the queue when online and reports what became of these actions. */
async function envoyer(ctx: ContexteCli, ids: string[]): Promise<Sortie> {
  if (enLigne(ctx)) {
    try {
      await ctx.coeur.appeler('fileAttente.rejouer', {});
    } catch (e) {
      if (!(e instanceof ErreurApp) || e.code !== 'hors_ligne') throw e;
    }
  }
  const { actions } = await ctx.coeur.appeler('fileAttente.lister', {});
  const restantes = actions.filter((x) => ids.includes(x.id));
  const echec = restantes.find((x) => x.statut === 'conflit' || x.statut === 'refusee');
  if (echec) {
    throw new ErreurApp(
      echec.statut === 'conflit' ? 'conflit' : 'refus',
      `Action ${echec.statut === 'conflit' ? 'en conflit' : 'refusée'} : ${echec.erreur ?? ''}`,
    );
  }
  if (restantes.length > 0) {
    return {
      resultat: { statut: 'en-attente', actions: restantes },
      message:
        "Guichet injoignable : action mise en file d'attente ; elle partira au prochain « sync » ou « rejouer ».",
    };
  }
  return {
    resultat: { statut: 'envoyee', actions: ids.map((id) => ({ id, statut: 'envoyee' })) },
    message: 'Action envoyée au guichet.',
  };
}

function decrire(a: ActionFile): string {
  const quoi =
    a.type === 'etat'
      ? `état ${a.etat}`
      : a.type === 'piece'
        ? `pièce ${a.slot} (${a.nomFichier})`
        : 'clôture';
  return `${a.creeLe}  ${a.statut.padEnd(10)} ${quoi} — ${a.numeros.length > 3 ? `${a.numeros.length} dossiers` : a.numeros.join(', ')}${a.erreur ? ` — ${a.erreur}` : ''}`;
}

export const COMMANDES: Record<string, Commande> = {
  async sync(_a, ctx) {
    const r = await ctx.coeur.appeler('synchro.lancer', {});
    const file = await ctx.coeur.appeler('fileAttente.lister', {});
    return {
      resultat: { ...r, fileAttente: file.actions.length },
      message: `Synchronisation terminée : ${r.nouveaux} nouveaux, ${r.modifies} modifiés, ${r.supprimes} supprimés (${r.pages} pages, ${r.dureeMs} ms).`,
    };
  },

  async archive(a, ctx) {
    const dossier = path.resolve(optionRequise(a, 'dossier-archives'));
    fs.mkdirSync(dossier, { recursive: true });
    await ctx.coeur.appeler('parametres.enregistrer', { dossierArchives: dossier });
    if (!enLigne(ctx))
      throw new ErreurApp('hors_ligne', 'Le guichet est injoignable : téléchargement impossible.');
    const tout = a.options.has('tout');
    if (!tout && a.positionnels.length === 0)
      throw new ErreurUsage('Indiquez --tout ou des numéros de dossiers.');
    await ctx.coeur.appeler('synchro.lancer', {});
    const selection = tout
      ? { filtre: { supprimes: 'exclure' as const } }
      : { numeros: a.positionnels.map(numero) };
    const fin = new Promise<Record<string, unknown>>((resolve) => {
      const arret = ctx.coeur.ecouter('archives.terminee', (r) => {
        arret();
        resolve(r);
      });
    });
    const { total } = await ctx.coeur.appeler('archives.telecharger', { selection });
    const r = (await fin) as {
      archives: number;
      ignores: number;
      echecs: { numero: string; message: string }[];
    };
    if (r.echecs.length > 0) {
      throw new ErreurApp(
        'archives',
        `${r.echecs.length} archive(s) en échec : ${r.echecs
          .slice(0, 5)
          .map((e) => `${e.numero} (${e.message})`)
          .join(' ; ')}`,
      );
    }
    return {
      resultat: {
        total,
        archives: r.archives,
        ignores: r.ignores,
        echecs: r.echecs,
        dossierArchives: dossier,
      },
      message: `${r.archives} archive(s) téléchargée(s), ${r.ignores} déjà à jour, dans ${dossier}.`,
    };
  },

  async etat(a, ctx) {
    const n = numero(a.positionnels[0]);
    const code = Number(a.positionnels[1]);
    if (!Number.isInteger(code)) throw new ErreurUsage("Code d'état invalide.");
    const commentaire = option(a, 'commentaire');
    const action = await avecDossierConnu(ctx, () =>
      ctx.coeur.appeler('actions.changerEtat', { numero: n, etat: code, commentaire }),
    );
    return envoyer(ctx, [action.id]);
  },

  async joindre(a, ctx) {
    const n = numero(a.positionnels[0]);
    const slot = a.positionnels[1];
    const fichier = a.positionnels[2];
    if (!slot || !fichier) throw new ErreurUsage('Usage : joindre <numéro> <emplacement> <fichier.pdf>');
    const contenu = fs.readFileSync(fichier);
    const action = await avecDossierConnu(ctx, () =>
      ctx.coeur.appeler('actions.joindre', {
        numero: n,
        slot,
        nom: path.basename(fichier),
        contenuBase64: contenu.toString('base64'),
      }),
    );
    return envoyer(ctx, [action.id]);
  },

  async cloturer(a, ctx) {
    if (a.positionnels.length === 0) throw new ErreurUsage('Indiquez au moins un numéro de dossier.');
    const numeros = a.positionnels.map(numero);
    const commentaire = option(a, 'commentaire');
    const r = await avecDossierConnu(ctx, () =>
      ctx.coeur.appeler('actions.cloturer', { selection: { numeros }, commentaire }),
    );
    const sortie = await envoyer(
      ctx,
      r.actions.map((x) => x.id),
    );
    return { ...sortie, resultat: { ...sortie.resultat, dossiers: r.dossiers } };
  },

  async 'file-attente'(_a, ctx) {
    const { actions } = await ctx.coeur.appeler('fileAttente.lister', {});
    return {
      resultat: { actions },
      message: actions.length ? actions.map(decrire).join('\n') : "La file d'attente est vide.",
    };
  },

  async rejouer(_a, ctx) {
    const c = await ctx.coeur.appeler('fileAttente.rejouer', {});
    return {
      resultat: c,
      message: `File d'attente : ${c.enAttente} en attente, ${c.conflit} en conflit, ${c.refusee} refusée(s).`,
    };
  },

  async statut(_a, ctx) {
    const session = await ctx.coeur.appeler('session.courante', {});
    const t = await ctx.coeur.appeler('tableauDeBord.lire', {});
    return {
      resultat: {
        utilisateur: session?.utilisateur.identifiant ?? null,
        service: session?.utilisateur.service ?? null,
        dossiers: t.total,
        archives: t.archives,
        expirentBientotNonArchives: t.expirentBientotNonArchives,
        fileAttente: t.fileAttente,
        derniereSynchro: t.connexion.derniereSynchro,
      },
      message: [
        `Session : ${session?.utilisateur.identifiant ?? '—'} (${ctx.mode() ?? 'fermée'})`,
        `Dossiers locaux : ${t.total} (${t.archives} archivés, ${t.expirentBientotNonArchives} expirent sous 7 jours sans archive)`,
        `File d'attente : ${t.fileAttente.enAttente} en attente, ${t.fileAttente.conflit} en conflit, ${t.fileAttente.refusee} refusée(s)`,
        `Dernière synchronisation : ${t.connexion.derniereSynchro ?? 'jamais'}`,
      ].join('\n'),
    };
  },
};
