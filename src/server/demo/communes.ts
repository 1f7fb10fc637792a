/** Real communes used by the demo guichet, with what the generator needs to look plausible. */
export interface CommuneDemo {
  codeInsee: string;
  /** Name of the commune, as written in an address. */
  commune: string;
  /** Name of the service (the mairie). */
  service: string;
  codePostal: string;
  departement: string;
  /** Domain of the agents' courriels (nothing is ever sent there by the tests). */
  domaine: string;
  voies: readonly string[];
  ecoles: readonly string[];
}

export const COMMUNES: readonly CommuneDemo[] = [
  {
    codeInsee: '69266',
    commune: 'Villeurbanne',
    service: 'Mairie de Villeurbanne',
    codePostal: '69100',
    departement: 'Rhône',
    domaine: 'mairie-villeurbanne.fr',
    voies: [
      'cours Émile-Zola',
      'avenue Henri-Barbusse',
      'rue Francis-de-Pressensé',
      'rue du 4-Août-1789',
      'cours Tolstoï',
      'rue Anatole-France',
      'avenue Roger-Salengro',
      'rue Léon-Blum',
      'rue Paul-Verlaine',
      'avenue Galline',
      'rue Michel-Servet',
      'place Lazare-Goujon',
    ],
    ecoles: [
      'École maternelle Jean-Jaurès',
      'École élémentaire Anatole-France',
      'Groupe scolaire Jules-Ferry',
      'École élémentaire Lazare-Goujon',
      'École maternelle Louis-Pasteur',
    ],
  },
  {
    codeInsee: '29232',
    commune: 'Quimper',
    service: 'Mairie de Quimper',
    codePostal: '29000',
    departement: 'Finistère',
    domaine: 'mairie-quimper.fr',
    voies: [
      'rue Kéréon',
      'rue de Brest',
      'avenue de la Libération',
      'boulevard de Kerguelen',
      'rue du Chapeau-Rouge',
      'place Saint-Corentin',
      'rue Élie-Fréron',
      "rue de Pont-l'Abbé",
      'route de Bénodet',
      'rue de Douarnenez',
      "quai de l'Odet",
      'rue Le Déan',
    ],
    ecoles: [
      'École publique de Kerfeunteun',
      'École élémentaire Pauline-Kergomard',
      'École maternelle du Moulin-Vert',
      'École publique de Penhars',
      'École bilingue Diwan Kemper',
    ],
  },
  {
    codeInsee: '74010',
    commune: 'Annecy',
    service: "Mairie d'Annecy",
    codePostal: '74000',
    departement: 'Haute-Savoie',
    domaine: 'mairie-annecy.fr',
    voies: [
      'rue Royale',
      'avenue de Genève',
      'rue Sainte-Claire',
      "quai de l'Évêché",
      "avenue d'Albigny",
      'rue Carnot',
      'rue Sommeiller',
      'avenue de Brogny',
      'rue de la Paix',
      'avenue des Romains',
      'avenue du Rhône',
      'faubourg des Annonciades',
    ],
    ecoles: [
      'École des Romains',
      'École Vallin-Fier',
      'École de Novel',
      'Groupe scolaire des Teppes',
      'École du Parmelan',
    ],
  },
  {
    codeInsee: '2A004',
    commune: 'Ajaccio',
    service: "Mairie d'Ajaccio",
    codePostal: '20000',
    departement: 'Corse-du-Sud',
    domaine: 'ville-ajaccio.fr',
    voies: [
      'cours Napoléon',
      'cours Grandval',
      'boulevard Pascal-Rossini',
      'rue Fesch',
      'avenue du Premier-Consul',
      'boulevard Sampiero',
      'route des Sanguinaires',
      'avenue Noël-Franchini',
      'boulevard Madame-Mère',
      'rue Bonaparte',
      'boulevard Fred-Scamaroni',
      "avenue Colonel-Colonna-d'Ornano",
    ],
    ecoles: [
      'École Sainte-Lucie',
      'École des Cannes',
      'École Mezzavia',
      'École Forcioli-Conti',
      'École Jean-Paul-de-Rocca-Serra',
    ],
  },
];

const parCode = new Map(COMMUNES.map((c) => [c.codeInsee, c]));
const generiques = new Map<string, CommuneDemo>();

/** The commune of a service; an unknown code INSEE gets a generic commune named after the service. */
export function communeDe(codeInsee: string, nomService: string): CommuneDemo {
  const connue = parCode.get(codeInsee);
  if (connue) return connue;
  const cle = `${codeInsee}|${nomService}`;
  const deja = generiques.get(cle);
  if (deja) return deja;
  const nom =
    nomService.replace(/^(Mairie|Ville|Commune)\s+(de\s+|d['’]\s*|du\s+|des\s+)?/i, '').trim() || nomService;
  const generique: CommuneDemo = {
    codeInsee,
    commune: nom,
    service: nomService,
    codePostal: /^\d{5}$/.test(codeInsee) ? `${codeInsee.slice(0, 2)}000` : '20000',
    departement: '',
    domaine: 'mairie.example',
    voies: [
      'rue de la Mairie',
      'place de la République',
      'avenue de la Gare',
      'rue de l’Église',
      'chemin des Écoliers',
    ],
    ecoles: ['École publique du centre', 'École maternelle des Tilleuls'],
  };
  if (generiques.size > 1000) generiques.clear();
  generiques.set(cle, generique);
  return generique;
}
