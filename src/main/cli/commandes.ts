import fs from 'node:fs';
import path from 'node:path';
import {
  ErreurApp,
  type ActionFile,
  type DossierIllisible,
  type EventName,
  type EventPayload,
  type MethodResult,
} from '../../shared/app-api/index.js';
import { normaliserNumero } from '../../shared/numero.js';
import { ecrireAtomique } from '../commun/fichiers.js';
import { echapper, ErreurUsage, option, optionRequise, type Arguments } from './arguments.js';
import { cloturer } from './cloture.js';
import { commandesPortail } from './portail.js';
import type { ContexteCli } from './session.js';

/** Exit codes of `instructeur` (documented in the README and in USAGE). */
export const CODES = { ok: 0, erreur: 1, usage: 2, alerte: 3 } as const;

export interface Sortie {
  resultat: Record<string, unknown>;
  message: string;
  /** Default 0; 3 for an alert; 1 when the work was done only in part (`erreur` says why). */
  code?: number;
  erreur?: { code: string; message: string };
}
type Commande = (a: Arguments, ctx: ContexteCli) => Promise<Sortie>;
type Bilan = MethodResult<'archives.bilan'>;

function numero(brut: string | undefined): string {
  const n = brut ? normaliserNumero(brut) : null;
  if (!n) throw new ErreurUsage(`Numéro de télédossier invalide : ${echapper(brut ?? '(absent)')}.`);
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
      `Action ${echec.statut === 'conflit' ? 'en conflit' : 'refusée'} : ${echapper(echec.erreur ?? '')}`,
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
        ? `pièce ${echapper(a.slot)} (${echapper(a.nomFichier)})`
        : a.type === 'cloture'
          ? 'clôture'
          : echapper(a.resume ?? a.type);
  return `${a.creeLe}  ${a.statut.padEnd(10)} ${quoi} — ${a.numeros.length > 3 ? `${a.numeros.length} dossiers` : liste(a.numeros)}${a.erreur ? ` — ${echapper(a.erreur)}` : ''}`;
}

/** Numéros from the guichet, escaped, all of them (an alert must name every dossier). */
function liste(numeros: readonly string[]): string {
  return numeros.length ? numeros.map(echapper).join(', ') : '—';
}

/** Set aside by the sync: each one named (numéro, or where it was) with its reason. */
function lignesIllisibles(titre: string, q: readonly DossierIllisible[]): string[] {
  if (q.length === 0) return [`${titre} : 0`];
  return [
    `${titre} : ${q.length} (prévenez l'administrateur du guichet ; ils seront enregistrés dès qu'il les enverra conformes)`,
    ...q.map(
      (d) =>
        `  ${d.numero === null ? '(numéro illisible)' : echapper(d.numero)} : ${echapper(d.raison)}${d.acquitte ? ' (pris connaissance)' : ''}`,
    ),
  ];
}

/** Something a nightly job must report: at risk, lost and not acknowledged, archive missing/damaged. */
export function enAlerte(b: Bilan): boolean {
  return b.aRisque.length > 0 || b.perdusNonAcquittes.length > 0 || b.nonVerifies.length > 0;
}

function lignesBilan(b: Bilan): string[] {
  const perdusAcquittes = b.perdus.length - b.perdusNonAcquittes.length;
  return [
    `À risque (expirent sous ${b.joursRisque} jours sans archive vérifiée) : ${b.aRisque.length}${b.aRisque.length ? ` — ${liste(b.aRisque)}` : ''}`,
    `Perdus (supprimés du guichet sans archive) : ${b.perdus.length}, dont ${b.perdusNonAcquittes.length} sans « Pris connaissance »${b.perdusNonAcquittes.length ? ` — ${liste(b.perdusNonAcquittes)}` : ''}${perdusAcquittes > 0 ? ` ; avec « Pris connaissance » : ${liste(b.perdus.filter((n) => !b.perdusNonAcquittes.includes(n)))}` : ''}`,
    `Archives manquantes ou endommagées : ${b.nonVerifies.length}${b.nonVerifies.length ? ` — ${liste(b.nonVerifies)}` : ''}`,
  ];
}

/** The bilan after a command's work, its lines for the agent and the exit code it implies. */
async function avecBilan(ctx: ContexteCli, sortie: Sortie): Promise<Sortie> {
  const bilan = await ctx.coeur.appeler('archives.bilan', {});
  const alerte = enAlerte(bilan);
  return {
    ...sortie,
    resultat: { ...sortie.resultat, alerte, bilan },
    message: [sortie.message, ...(alerte ? lignesBilan(bilan) : [])].join('\n'),
    code: sortie.code ?? (alerte ? CODES.alerte : CODES.ok),
  };
}

type EvenementFin = 'verification.terminee' | 'deplacement.terminee';

/**
 * Starts a background task of the core and waits for its end event (listened to before the call,
 * so a quick task cannot finish unseen). Progress goes to stderr on a terminal; Ctrl+C cancels.
 */
async function executerTache<F extends EvenementFin>(
  ctx: ContexteCli,
  fin: F,
  progression: EventName & ('verification.progression' | 'deplacement.progression'),
  libelle: string,
  lancer: () => Promise<{ tacheId: string; total: number }>,
): Promise<{ total: number; resultat: EventPayload<F> }> {
  const finis = new Map<string, EventPayload<F>>();
  let attendu: string | null = null;
  let signaler: ((r: EventPayload<F>) => void) | null = null;
  const tty = process.stderr.isTTY;
  const arrets = [
    ctx.coeur.ecouter(fin, (r: EventPayload<F>) => {
      if (r.tacheId === attendu && signaler) signaler(r);
      else finis.set(r.tacheId, r);
    }),
    ctx.coeur.ecouter(progression, (p) => {
      if (tty && p.tacheId === attendu)
        process.stderr.write(
          `\r${libelle} : ${p.faits}/${p.total}${p.echecs ? ` (${p.echecs} en échec)` : ''}\u001b[K`,
        );
    }),
  ];
  let tacheId: string | null = null;
  const annuler = () => {
    if (tacheId) void ctx.coeur.appeler('archives.annuler', { tacheId }).catch(() => undefined);
    else process.exit(130);
  };
  process.once('SIGINT', annuler);
  try {
    const t = await lancer();
    tacheId = attendu = t.tacheId;
    const resultat =
      finis.get(t.tacheId) ??
      (await new Promise<EventPayload<F>>((resolve) => {
        signaler = resolve;
      }));
    return { total: t.total, resultat };
  } finally {
    process.removeListener('SIGINT', annuler);
    for (const arret of arrets) arret();
    if (tty && attendu) process.stderr.write('\r\u001b[K');
  }
}

export const COMMANDES: Record<string, Commande> = {
  async sync(_a, ctx) {
    const r = await ctx.coeur.appeler('synchro.lancer', {});
    const file = await ctx.coeur.appeler('fileAttente.lister', {});
    const lignes = [
      `Synchronisation terminée : ${r.nouveaux} nouveaux, ${r.modifies} modifiés, ${r.supprimes} supprimés (${r.pages} pages, ${r.dureeMs} ms).`,
    ];
    if (r.perdus.length)
      lignes.push(
        `${r.perdus.length} dossier(s) supprimé(s) du guichet sans archive locale (perte enregistrée) : ${liste(r.perdus)}`,
      );
    if (r.illisibles.length)
      lignes.push(...lignesIllisibles('Dossiers illisibles mis de côté', r.illisibles));
    return avecBilan(ctx, {
      resultat: { ...r, misDeCote: r.illisibles.length, fileAttente: file.actions.length },
      message: lignes.join('\n'),
      // The others are stored, but these are not: a nightly job must hear of it.
      ...(r.illisibles.length ? { code: CODES.alerte } : {}),
    });
  },

  async archive(a, ctx) {
    const tout = a.options.has('tout');
    if (!tout && a.positionnels.length === 0)
      throw new ErreurUsage('Indiquez --tout ou des numéros de dossiers.');
    const numeros = tout ? [] : a.positionnels.map(numero);
    const avant = (await ctx.coeur.appeler('parametres.lire', {})).dossierArchives;
    const demande = option(a, 'dossier-archives');
    const dossier = demande ? path.resolve(demande) : avant;
    if (!enLigne(ctx))
      throw new ErreurApp('hors_ligne', 'Le guichet est injoignable : téléchargement impossible.');
    // New archives go there (Paramètres unchanged); those already made stay where they are, still known and checked.
    const synchro = await ctx.coeur.appeler('synchro.lancer', {});
    // Closed dossiers too: the guichet serves them until the purge (the core skips what it no longer serves).
    const selection = tout ? { filtre: { supprimes: 'inclure' as const } } : { numeros };
    const fin = new Promise<EventPayload<'archives.terminee'>>((resolve) => {
      const arret = ctx.coeur.ecouter('archives.terminee', (r) => {
        arret();
        resolve(r);
      });
    });
    const { total } = await ctx.coeur.appeler('archives.telecharger', {
      selection,
      ...(dossier !== avant ? { dossierArchives: dossier } : {}),
    });
    const r = await fin;
    const perdus = [...new Set([...synchro.perdus, ...r.perdus])];
    const lignes = [
      `${r.archives} archive(s) téléchargée(s), ${r.ignores} déjà à jour, dans ${echapper(dossier)}.`,
    ];
    if (dossier !== avant)
      lignes.push(
        `Les archives déjà faites restent dans ${echapper(avant)} et sont toujours suivies (« deplacer-archives » pour les regrouper).`,
      );
    if (r.echecs.length) {
      lignes.push(`${r.echecs.length} dossier(s) non archivé(s) :`);
      for (const e of r.echecs) lignes.push(`  ${echapper(e.numero)} : ${echapper(e.message)}`);
    }
    if (perdus.length) {
      lignes.push(`${perdus.length} dossier(s) perdu(s), supprimé(s) du guichet sans archive locale :`);
      for (const n of perdus) lignes.push(`  ${echapper(n)} : perte enregistrée`);
    }
    const incomplet = r.echecs.length > 0 || r.annule;
    return avecBilan(ctx, {
      resultat: {
        total,
        archives: r.archives,
        ignores: r.ignores,
        echecs: r.echecs,
        perdus,
        annule: r.annule,
        dossierArchives: dossier,
      },
      message: lignes.join('\n'),
      ...(incomplet
        ? {
            code: CODES.erreur,
            erreur: {
              code: 'archives',
              message: r.annule
                ? 'Téléchargement interrompu avant la fin.'
                : `${r.echecs.length} dossier(s) non archivé(s) : ${r.echecs.map((e) => echapper(e.numero)).join(', ')}.`,
            },
          }
        : perdus.length
          ? { code: CODES.alerte }
          : {}),
    });
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
    const { resultat, message, erreur } = await cloturer(ctx, numeros, option(a, 'commentaire'));
    return { resultat, message, ...(erreur ? { code: CODES.erreur, erreur } : {}) };
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

  async statut(a, ctx) {
    const acquitter = a.options.has('acquitter');
    const acquittees = acquitter ? (await ctx.coeur.appeler('pertes.acquitter', {})).acquittees : null;
    const illisiblesAcquittes = acquitter
      ? (await ctx.coeur.appeler('illisibles.acquitter', {})).acquittes
      : null;
    const session = await ctx.coeur.appeler('session.courante', {});
    const t = await ctx.coeur.appeler('tableauDeBord.lire', {});
    const b = await ctx.coeur.appeler('archives.bilan', {});
    // Unreadable dossiers are neither stored nor archived: as much a call for action as a loss.
    const alerte = enAlerte(b) || t.quarantaine.some((q) => !q.acquitte);
    return {
      resultat: {
        utilisateur: session?.utilisateur.identifiant ?? null,
        service: session?.utilisateur.service ?? null,
        dossiers: t.total,
        archives: t.archives,
        fileAttente: t.fileAttente,
        derniereSynchro: t.connexion.derniereSynchro,
        derniereVerification: t.derniereVerification,
        joursRisque: b.joursRisque,
        aRisque: b.aRisque,
        perdus: b.perdus,
        perdusNonAcquittes: b.perdusNonAcquittes,
        nonVerifies: b.nonVerifies,
        quarantaine: t.quarantaine,
        ...(acquittees !== null ? { acquittees, illisiblesAcquittes } : {}),
        alerte,
      },
      message: [
        ...(acquittees !== null
          ? [
              `« Pris connaissance » enregistré pour ${acquittees} perte(s) et ${illisiblesAcquittes ?? 0} dossier(s) illisible(s).`,
            ]
          : []),
        `Session : ${echapper(session?.utilisateur.identifiant ?? '—')} (${ctx.mode() ?? 'fermée'})`,
        `Dossiers locaux : ${t.total} (${t.archives} archivés)`,
        ...lignesBilan(b),
        ...lignesIllisibles('Dossiers illisibles mis de côté par la synchronisation', t.quarantaine),
        `File d'attente : ${t.fileAttente.enAttente} en attente, ${t.fileAttente.conflit} en conflit, ${t.fileAttente.refusee} refusée(s)`,
        `Dernière synchronisation : ${t.connexion.derniereSynchro ?? 'jamais'}`,
        `Dernier contrôle des archives : ${t.derniereVerification ?? 'jamais'}`,
      ].join('\n'),
      code: alerte ? CODES.alerte : CODES.ok,
    };
  },

  async verifier(_a, ctx) {
    const { total, resultat: r } = await executerTache(
      ctx,
      'verification.terminee',
      'verification.progression',
      'Contrôle des archives',
      () => ctx.coeur.appeler('archives.verifier', {}),
    );
    const retelechargees = new Set(r.retelechargees);
    const defectueuses = [...new Set([...r.manquantes, ...r.endommagees, ...r.irrecuperables])].filter(
      (n) => !retelechargees.has(n),
    );
    const lignes = [
      `Contrôle des archives${r.annule ? ' interrompu' : ' terminé'} : ${r.controlees}/${total} contrôlée(s), ${r.intactes} intacte(s).`,
    ];
    if (r.manquantes.length) lignes.push(`Manquantes : ${liste(r.manquantes)}`);
    if (r.endommagees.length) lignes.push(`Endommagées : ${liste(r.endommagees)}`);
    if (r.retelechargees.length)
      lignes.push(`Téléchargées de nouveau depuis le guichet : ${liste(r.retelechargees)}`);
    if (r.irrecuperables.length)
      lignes.push(`Irrécupérables (le guichet ne les sert plus) : ${liste(r.irrecuperables)}`);
    return {
      resultat: { total, ...r, defectueuses },
      message: lignes.join('\n'),
      ...(r.annule
        ? { code: CODES.erreur, erreur: { code: 'annule', message: 'Contrôle interrompu avant la fin.' } }
        : { code: defectueuses.length ? CODES.alerte : CODES.ok }),
    };
  },

  async 'deplacer-archives'(a, ctx) {
    const vers = path.resolve(optionRequise(a, 'vers'));
    const { total, resultat: r } = await executerTache(
      ctx,
      'deplacement.terminee',
      'deplacement.progression',
      'Déplacement des archives',
      () => ctx.coeur.appeler('archives.deplacer', { vers }),
    );
    const lignes = [
      `Déplacement des archives vers ${echapper(vers)}${r.annule ? ' interrompu' : ' terminé'} : ${r.deplacees}/${total} déplacée(s).`,
    ];
    if (r.echecs.length) {
      lignes.push(`${r.echecs.length} archive(s) non déplacée(s) :`);
      for (const e of r.echecs) lignes.push(`  ${echapper(e.numero)} : ${echapper(e.message)}`);
    }
    const incomplet = r.echecs.length > 0 || r.annule;
    return {
      resultat: { total, ...r, vers },
      message: lignes.join('\n'),
      ...(incomplet
        ? {
            code: CODES.erreur,
            erreur: {
              code: 'deplacement',
              message: r.annule
                ? 'Déplacement interrompu avant la fin.'
                : `${r.echecs.length} archive(s) non déplacée(s) : ${r.echecs.map((e) => echapper(e.numero)).join(', ')}.`,
            },
          }
        : {}),
    };
  },

  async registre(a, ctx) {
    const format = optionRequise(a, 'format');
    if (format !== 'csv' && format !== 'pdf')
      throw new ErreurUsage(`--format attend « csv » ou « pdf » (reçu « ${echapper(format)} »).`);
    const sortie = path.resolve(optionRequise(a, 'sortie'));
    if (!fs.existsSync(path.dirname(sortie)))
      throw new ErreurUsage(`Le dossier ${echapper(path.dirname(sortie))} n'existe pas.`);
    const f = await ctx.coeur.appeler('archives.registre', { format });
    const contenu = Buffer.from(f.contenuBase64, 'base64');
    // Readable by the archivist, like any exported document (not private like the app's own files).
    ecrireAtomique(sortie, contenu, 0o644);
    return {
      resultat: { fichier: sortie, format, type: f.type, lignes: f.lignes, octets: contenu.length },
      message: `Registre des archives (${format.toUpperCase()}, ${f.lignes} ligne(s)) écrit dans ${echapper(sortie)}.`,
    };
  },

  ...commandesPortail({ numero, envoyer, avecDossierConnu }),
};
