import { parseArgs } from 'node:util';

/** Parsed command line: the command, its positional arguments and its options. */
export interface Arguments {
  commande: string | undefined;
  positionnels: string[];
  options: Map<string, string | true>;
  /** Options that may be repeated (`--piece a.pdf --piece b.png`), in the order typed. */
  listes: Map<string, string[]>;
}

type Definitions = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
const texte = { type: 'string' } as const;
const drapeau = { type: 'boolean' } as const;
const repetable = { type: 'string', multiple: true } as const;

/** Accepted by every command. */
const COMMUNES: Definitions = {
  guichet: texte,
  identifiant: texte,
  donnees: texte,
  json: drapeau,
  aide: drapeau,
  help: drapeau,
};

/** Options of each command (besides the common ones); anything else is refused. */
export const OPTIONS_COMMANDES: Record<string, Definitions> = {
  sync: {},
  archive: { tout: drapeau, 'dossier-archives': texte },
  etat: { commentaire: texte },
  joindre: {},
  cloturer: { commentaire: texte },
  'file-attente': {},
  rejouer: {},
  statut: { acquitter: drapeau },
  verifier: {},
  'deplacer-archives': { vers: texte },
  registre: { format: texte, sortie: texte },
  echanges: {},
  ecrire: { sujet: texte, texte, piece: repetable },
  justificatif: { valide: drapeau, invalide: drapeau, motif: texte },
  correction: { manque: texte, invalide: repetable },
};

export class ErreurUsage extends Error {}

/** node:util's messages are in English: the agent gets them in French. */
function traduire(e: unknown): ErreurUsage {
  const err = e as { code?: string; message?: string };
  const nom = /'(--?[^'\s=]+)/.exec(err.message ?? '')?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new ErreurUsage(`Option inconnue : ${echapper(nom)}.`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new ErreurUsage(
        /does not take an argument/.test(err.message ?? '')
          ? `L'option ${nom} n'attend pas de valeur.`
          : `L'option ${nom} attend une valeur.`,
      );
    default:
      return new ErreurUsage(`Arguments invalides : ${echapper(err.message ?? String(e))}`);
  }
}

function lire(argv: string[], options: Definitions, strict: boolean) {
  return parseArgs({ args: argv, options, strict, allowPositionals: true });
}

/**
 * Strict parsing with node:util: the command is the first positional argument; only the common
 * options and that command's own are accepted.
 */
export function analyser(argv: string[]): Arguments {
  const toutes: Definitions = Object.assign({}, COMMUNES, ...Object.values(OPTIONS_COMMANDES));
  let commande: string | undefined;
  try {
    commande = lire(argv, toutes, false).positionals[0];
  } catch (e) {
    throw traduire(e);
  }
  const propres = commande !== undefined ? OPTIONS_COMMANDES[commande] : undefined;
  let r: ReturnType<typeof lire>;
  try {
    r = lire(argv, { ...COMMUNES, ...(propres ?? {}) }, propres !== undefined);
  } catch (e) {
    throw traduire(e);
  }
  const options = new Map<string, string | true>();
  const listes = new Map<string, string[]>();
  for (const [nom, valeur] of Object.entries(r.values)) {
    if (valeur === true) options.set(nom, true);
    else if (typeof valeur === 'string') options.set(nom, valeur);
    else if (Array.isArray(valeur))
      listes.set(
        nom,
        valeur.filter((v): v is string => typeof v === 'string'),
      );
  }
  const [, ...positionnels] = r.positionals;
  return { commande, positionnels, options, listes };
}

export function option(a: Arguments, nom: string): string | undefined {
  const v = a.options.get(nom);
  if (v === true) throw new ErreurUsage(`L'option --${nom} attend une valeur.`);
  return v;
}

export function optionRequise(a: Arguments, nom: string): string {
  const v = option(a, nom);
  if (v === undefined || v === '') throw new ErreurUsage(`L'option --${nom} est obligatoire.`);
  return v;
}

// C0/C1 controls, and the bidirectional overrides that can make a terminal line lie.
/* eslint-disable no-control-regex -- control characters are exactly what is escaped */
const CONTROLES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROLES_SAUF_LF =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */
const code = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A value from the guichet (numéro, message…) made harmless for a terminal, on one line. */
export function echapper(valeur: unknown): string {
  return String(valeur).replace(CONTROLES, code);
}

/** The same for a whole text the CLI composed: its own line breaks are kept. */
export function echapperTexte(texte: string): string {
  return texte.replace(CONTROLES_SAUF_LF, code);
}

/** JSON.stringify leaves C1 and bidi characters raw: escape them too (still valid JSON). */
export function jsonSur(valeur: unknown): string {
  return JSON.stringify(valeur).replace(CONTROLES, code);
}

export const USAGE = `Guichet Instructeur — commandes sans interface
Usage : npm run instructeur -- <commande> --guichet <url> --identifiant <id> [--donnees <dossier>] [--json]

  sync                                  synchronise les télédossiers (envoie d'abord la file d'attente)
  archive [--tout | <numéros…>] [--dossier-archives <dossier>]
                                        télécharge et vérifie les archives zip (les nouvelles vont
                                        dans --dossier-archives ; les anciennes restent suivies)
  statut [--acquitter]                  session, synchronisation, file, dossiers à risque, perdus,
                                        archives manquantes ou endommagées (--acquitter : « Pris
                                        connaissance » de toutes les pertes et
                                        de tous les dossiers illisibles)
  verifier                              contrôle toutes les archives locales (empreinte sha256)
  deplacer-archives --vers <dossier>    déplace toutes les archives vers un autre dossier
  registre --format csv|pdf --sortie <fichier>
                                        exporte le registre des archives
  etat <numéro> <code> [--commentaire <texte>]
                                        change l'état d'un dossier (mis en file d'attente hors ligne)
  joindre <numéro> <emplacement> <fichier.pdf>
                                        joint un PDF (ex. emplacement « attestation »)
  cloturer <numéros…> [--commentaire <texte>]
                                        clôture un ou plusieurs dossiers (chaque dossier laissé de
                                        côté ou refusé est nommé avec sa raison ; code 1)
  file-attente                          liste les actions en attente, en conflit ou refusées
  rejouer                               envoie les actions en attente
  echanges <numéro>                     portail citoyen : demandeur, messages (lus / non lus),
                                        justificatifs et rendez-vous du dossier
  ecrire <numéro> --sujet <s> --texte <t> [--piece <fichier>]…
                                        écrit à l'usager (PDF, JPEG ou PNG vérifiés par leur contenu ;
                                        mis en file d'attente hors ligne)
  justificatif <numéro> <id> --valide | --invalide --motif <texte>
                                        valide ou refuse le fichier fourni par l'usager
  correction <numéro> --manque <texte> [--invalide <id>:<motif>]…
                                        demande une correction : justificatifs refusés, puis dossier
                                        « incomplet » avec ce qui manque (l'usager est prévenu)

Codes de sortie : 0 tout va bien ; 1 erreur ; 2 erreur d'utilisation ; 3 alerte (dossier à risque,
perte sans « Pris connaissance », archive manquante ou endommagée) après statut, sync, archive, verifier.
Mot de passe : trousseau du système, ou variable d'environnement GUICHET_MOT_DE_PASSE.
Données : --donnees, ou GUICHET_DONNEES, ou ~/.config/guichet-instructeur.`;
