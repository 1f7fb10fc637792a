import { creerAleatoire, echantillon } from './aleatoire.js';
import { COMMUNES } from './communes.js';
import { enAscii, NOMS, PRENOMS_FEMININS, PRENOMS_MASCULINS } from './noms.js';

export interface UtilisateurDemo {
  identifiant: string;
  motDePasse: string;
  nom: string;
  prenom: string;
  courriel: string;
  habilitation: 'GESTION' | 'INSTRUCTION';
}

export interface ServiceDemo {
  codeInsee: string;
  nom: string;
  utilisateurs: UtilisateurDemo[];
}

const MOTS = [
  'ardoise',
  'tilleul',
  'lavande',
  'granit',
  'marelle',
  'boussole',
  'cerisier',
  'falaise',
  'moulin',
  'hirondelle',
  'noisette',
  'galet',
  'sureau',
  'brioche',
  'lanterne',
  'myrtille',
  'chardon',
  'bruyere',
  'goeland',
  'mistral',
  'clocher',
  'citadelle',
  'ruisseau',
  'coquelicot',
  'passerelle',
  'tramontane',
  'amandier',
  'sentier',
  'fougere',
  'cormoran',
] as const;

/**
 * The demo mairies with their accounts: exactly one administrator (GESTION) and 2 or 3 agents
 * (INSTRUCTION) each. The mairies are fixed; names, identifiants and passwords come from `graine`.
 * Identifiants are unique across all services.
 */
export function servicesDemo(graine: string): ServiceDemo[] {
  const rng = creerAleatoire(`services:${graine}`);
  const pris = new Set<string>();
  const nomsPris = new Set<string>();
  return COMMUNES.map((commune) => {
    const nbAgents = rng.entier(2, 3);
    const utilisateurs: UtilisateurDemo[] = [];
    for (let i = 0; i <= nbAgents; i++) {
      let prenom: string;
      let nom: string;
      do {
        prenom = rng.choisir(rng.suivant() < 0.5 ? PRENOMS_FEMININS : PRENOMS_MASCULINS);
        nom = rng.choisir(NOMS);
      } while (nomsPris.has(`${prenom} ${nom}`));
      nomsPris.add(`${prenom} ${nom}`);
      const base = `${enAscii(prenom)}.${enAscii(nom)}`;
      let identifiant = base;
      for (let n = 2; pris.has(identifiant); n++) identifiant = `${base}${n}`;
      pris.add(identifiant);
      const [mot1, mot2] = echantillon(rng, MOTS, 2);
      const motDePasse = `${mot1}-${mot2}-${rng.entier(10, 99)}`;
      utilisateurs.push({
        identifiant,
        motDePasse,
        nom,
        prenom,
        courriel: `${identifiant}@${commune.domaine}`,
        habilitation: i === 0 ? 'GESTION' : 'INSTRUCTION',
      });
    }
    return { codeInsee: commune.codeInsee, nom: commune.service, utilisateurs };
  });
}
