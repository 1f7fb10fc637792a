/** Minimal argv parsing: `--nom valeur`, `--drapeau`, and positional arguments. */
export interface Arguments {
  commande: string | undefined;
  positionnels: string[];
  options: Map<string, string | true>;
}

const DRAPEAUX = new Set(['json', 'tout', 'aide', 'help']);

export function analyser(argv: string[]): Arguments {
  const positionnels: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [nom, valeurEgale] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (valeurEgale !== undefined) options.set(nom, valeurEgale);
      else if (DRAPEAUX.has(nom) || i + 1 >= argv.length || argv[i + 1]!.startsWith('--'))
        options.set(nom, true);
      else options.set(nom, argv[++i]!);
    } else positionnels.push(a);
  }
  const [commande, ...reste] = positionnels;
  return { commande, positionnels: reste, options };
}

export class ErreurUsage extends Error {}

export function option(a: Arguments, nom: string): string | undefined {
  const v = a.options.get(nom);
  if (v === true) throw new ErreurUsage(`L'option --${nom} attend une valeur.`);
  return v;
}

export function optionRequise(a: Arguments, nom: string): string {
  const v = option(a, nom);
  if (v === undefined) throw new ErreurUsage(`L'option --${nom} est obligatoire.`);
  return v;
}

export const USAGE = `Guichet Instructeur — commandes sans interface
Usage : npm run instructeur -- <commande> --guichet <url> --identifiant <id> [--donnees <dossier>] [--json]

  sync                                  synchronise les télédossiers (envoie d'abord la file d'attente)
  archive [--tout | <numéros…>] --dossier-archives <dossier>
                                        télécharge et vérifie les archives zip
  etat <numéro> <code> [--commentaire <texte>]
                                        change l'état d'un dossier (mis en file d'attente hors ligne)
  joindre <numéro> <emplacement> <fichier.pdf>
                                        joint un PDF (ex. emplacement « attestation »)
  cloturer <numéros…> [--commentaire <texte>]
                                        clôture un ou plusieurs dossiers
  file-attente                          liste les actions en attente, en conflit ou refusées
  rejouer                               envoie les actions en attente
  statut                                état de la session, de la synchronisation et de la file

Mot de passe : trousseau du système, ou variable d'environnement GUICHET_MOT_DE_PASSE.
Données : --donnees, ou GUICHET_DONNEES, ou ~/.config/guichet-instructeur.`;
