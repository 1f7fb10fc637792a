import fs from 'node:fs';
import path from 'node:path';
import { ouvrirBase } from '../db/connexion.js';
import { creerDepots } from '../db/depots.js';
import { ErreurFichierHorloge, maintenantSelonFichier } from '../horloge-fichier.js';
import type { Horloge } from '../horloge.js';
import { dossierCourrielsParDefaut } from '../index.js';
import { journalStderr } from '../journal.js';
import { Courrier } from '../mail/courrier.js';
import {
  annuler,
  annulerRendezVousUsager,
  ErreurUsager,
  fournir,
  lireMessages,
  prendreRendezVous,
  rectifier,
  repondre,
  type ContexteUsager,
} from '../usager/index.js';
import { vueEnTexte, vueUsager } from '../usager/vue.js';
import { analyserAvecValeurs, ErreurUsage, requis } from './arguments.js';

const dire = (texte: string) => process.stdout.write(`${texte}\n`);

const ACTIONS = [
  'repondre',
  'fournir',
  'rectifier',
  'annuler',
  'rdv',
  'rdv-annuler',
  'lire',
  'voir',
] as const;
type Action = (typeof ACTIONS)[number];

function lireFichier(chemin: string): { nom: string; octets: Buffer } {
  if (!fs.existsSync(chemin) || !fs.statSync(chemin).isFile()) {
    throw new ErreurUsage(`Le fichier ${chemin} n'existe pas.`);
  }
  return { nom: path.basename(chemin), octets: fs.readFileSync(chemin) };
}

/** `guichet usager <action> --db <f> <numéro> …`: the citizen's side, beside a running server (WAL). */
export async function commandeUsager(args: string[]): Promise<void> {
  const [action, ...reste] = args;
  if (!action || !(ACTIONS as readonly string[]).includes(action)) {
    throw new ErreurUsage(
      `usager attend une action : ${ACTIONS.join(', ')}${action ? ` (reçu « ${action} »)` : ''}.`,
    );
  }
  const { valeurs: v, positionnels } = analyserAvecValeurs(reste, {
    db: { type: 'string' },
    sujet: { type: 'string' },
    texte: { type: 'string' },
    piece: { type: 'string', multiple: true },
    justificatif: { type: 'string' },
    fichier: { type: 'string' },
    motif: { type: 'string' },
    debut: { type: 'string' },
    fin: { type: 'string' },
    lieu: { type: 'string' },
    objet: { type: 'string' },
    id: { type: 'string' },
    json: { type: 'boolean', default: false },
    courriels: { type: 'string' },
    'horloge-fichier': { type: 'string' },
  });
  const db = requis(v.db, 'db');
  if (!fs.existsSync(db)) throw new ErreurUsage(`La base ${db} n'existe pas : lancez d'abord « seed ».`);
  const [numero, ...trop] = positionnels;
  if (!numero) throw new ErreurUsage('usager attend le numéro de la demande (par exemple A-5-AB12CD34).');
  if (trop.length > 0) throw new ErreurUsage(`Valeur inattendue : ${trop.join(' ')}`);
  const fichierHorloge = v['horloge-fichier'];
  let horloge: Horloge = () => new Date();
  if (fichierHorloge !== undefined) {
    try {
      maintenantSelonFichier(fichierHorloge);
    } catch (e) {
      if (e instanceof ErreurFichierHorloge) throw new ErreurUsage(e.message);
      throw e;
    }
    horloge = () => maintenantSelonFichier(fichierHorloge);
  }
  // Files read before the base is opened: a wrong path changes nothing.
  const pieces = (v.piece ?? []).map(lireFichier);
  const fichier = action === 'fournir' ? lireFichier(requis(v.fichier, 'fichier')) : undefined;

  const base = ouvrirBase(db);
  const journal = journalStderr(true);
  const courrier = new Courrier(
    { smtpUrl: process.env.GUICHET_SMTP_URL, dossier: v.courriels ?? dossierCourrielsParDefaut(db) },
    journal,
  );
  const ctx: ContexteUsager = { depots: creerDepots(base), horloge, courrier, journal };
  try {
    executer(action as Action, ctx, numero, v, pieces, fichier);
  } catch (e) {
    if (e instanceof ErreurUsager) throw new Error(e.message);
    throw e;
  } finally {
    await courrier.vider();
    courrier.fermer();
    base.close();
  }
}

interface Valeurs {
  sujet?: string | undefined;
  texte?: string | undefined;
  justificatif?: string | undefined;
  motif?: string | undefined;
  debut?: string | undefined;
  fin?: string | undefined;
  lieu?: string | undefined;
  objet?: string | undefined;
  id?: string | undefined;
  json?: boolean | undefined;
}

function executer(
  action: Action,
  ctx: ContexteUsager,
  numero: string,
  v: Valeurs,
  pieces: { nom: string; octets: Buffer }[],
  fichier: { nom: string; octets: Buffer } | undefined,
): void {
  switch (action) {
    case 'repondre': {
      const m = repondre(ctx, numero, {
        sujet: requis(v.sujet, 'sujet'),
        texte: requis(v.texte, 'texte'),
        pieces,
      });
      dire(`Message envoyé à la mairie : « ${m.sujet} » (${m.id}, ${m.pieces.length} pièce(s) jointe(s)).`);
      return;
    }
    case 'fournir': {
      if (!fichier) throw new ErreurUsage("L'option --fichier est obligatoire.");
      const j = fournir(ctx, numero, requis(v.justificatif, 'justificatif'), fichier);
      dire(`Justificatif fourni : ${j.libelle} (${j.fichier?.nom ?? ''}, ${j.fichier?.type ?? ''}).`);
      return;
    }
    case 'rectifier':
      rectifier(ctx, numero, v.texte);
      dire(`Demande ${numero} rectifiée.`);
      return;
    case 'annuler':
      annuler(ctx, numero, requis(v.motif, 'motif'));
      dire(`Demande ${numero} annulée.`);
      return;
    case 'rdv': {
      const r = prendreRendezVous(ctx, numero, {
        debut: requis(v.debut, 'debut'),
        fin: requis(v.fin, 'fin'),
        ...(v.lieu ? { lieu: v.lieu } : {}),
        ...(v.objet ? { objet: v.objet } : {}),
      });
      dire(`Rendez-vous pris : ${r.id} le ${r.debut} (${r.objet}, ${r.lieu}).`);
      return;
    }
    case 'rdv-annuler':
      annulerRendezVousUsager(ctx, numero, requis(v.id, 'id'), requis(v.motif, 'motif'));
      dire(`Rendez-vous ${v.id ?? ''} annulé.`);
      return;
    case 'lire':
      dire(`${lireMessages(ctx, numero)} message(s) de la mairie marqué(s) lu(s).`);
      return;
    case 'voir': {
      const vue = vueUsager(ctx, numero);
      dire(v.json ? JSON.stringify(vue) : vueEnTexte(vue));
      return;
    }
  }
}
