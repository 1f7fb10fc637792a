import type { Depots } from '../db/depots.js';
import { creerAleatoire, genererDossier, servicesDemo } from '../demo/index.js';
import type { Dictionnaire } from './donnees.js';

/** The dictionary new dossiers are compressed with; created from sample dossiers on first use. */
export function dictionnaireCourant(depots: Depots): Dictionnaire {
  const existant = depots.dictionnaires.dernier();
  if (existant) return existant;
  const rng = creerAleatoire('dictionnaire-donnees');
  const services = servicesDemo('dictionnaire-donnees');
  const echantillons: string[] = [];
  for (let i = 0; i < 200; i++) {
    const service = services[i % services.length];
    if (service)
      echantillons.push(
        JSON.stringify(genererDossier(rng, service, new Date(Date.UTC(2025, 0, 1 + i))).donnees),
      );
  }
  // 16 KiB: priming deflate with the dictionary costs time on every dossier; 32 KiB (the window)
  // compresses ~20 % better but takes twice as long to seed.
  const contenu = Buffer.from(echantillons.join(''), 'utf8').subarray(-16384);
  return depots.db
    .transaction(
      () => depots.dictionnaires.dernier() ?? depots.dictionnaires.creer(Buffer.from(contenu), Date.now()),
    )
    .immediate();
}
