import { NOM_DONNEES, NOM_ENTETE } from '../../shared/archive.js';
import {
  cerfaPdf,
  donneesXml,
  enteteXml,
  nomCerfaPdf,
  type DossierDemo,
  type ServiceDemo,
} from '../demo/index.js';
import { nettoyerNomFichier, nomsUniques } from '../dossiers/nomFichier.js';
import type { EntreeArchive } from './zip.js';

/**
 * The entries of a dossier's archive, in their fixed order: the CERFA, the pièces justificatives,
 * entete.xml, donnees.xml. Everything but the pièces is regenerated from the stored données.
 */
export function entreesArchive(dossier: DossierDemo, service: ServiceDemo): EntreeArchive[] {
  const nomCerfa = nomCerfaPdf(dossier);
  const unique = nomsUniques([nomCerfa, NOM_ENTETE, NOM_DONNEES]);
  return [
    { nom: nomCerfa, contenu: cerfaPdf(dossier, service) },
    ...dossier.piecesJustificatives.map((p) => ({
      nom: unique(nettoyerNomFichier(p.nom)),
      contenu: p.contenu,
    })),
    { nom: NOM_ENTETE, contenu: Buffer.from(enteteXml(dossier, service), 'utf8') },
    { nom: NOM_DONNEES, contenu: Buffer.from(donneesXml(dossier), 'utf8') },
  ];
}
