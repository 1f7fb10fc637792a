import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DossierDemo, ServiceDemo } from '../../../src/server/demo/index.js';
import { cerfaPdf, donneesXml, enteteXml, pdfDemo, servicesDemo } from '../../../src/server/demo/index.js';

/**
 * The server stores only the données and REGENERATES the CERFA and the two XML files when an archive
 * is downloaded: their bytes must not change for the same input. These digests pin them. If a change
 * is deliberate, update them AND tell the server side (existing archives get a new digest, so every
 * app re-downloads them).
 */
const sha256 = (contenu: Uint8Array | string): string => createHash('sha256').update(contenu).digest('hex');

const service: ServiceDemo = { codeInsee: '2A004', nom: "Mairie d'Ajaccio", utilisateurs: [] };

const dossier: DossierDemo = {
  numero: 'A-5-RJ0012E2',
  codeDemarche: 'occupation-domaine-public',
  courriel: 'ange-marie.santoni@example.org',
  deposeLe: new Date('2026-03-12T13:05:42.123Z'),
  donnees: {
    demarche: 'occupation-domaine-public',
    numero: 'A-5-RJ0012E2',
    sections: [
      {
        titre: 'Demandeur',
        champs: [
          { nom: 'typeDemandeur', libelle: 'Vous êtes', valeur: 'Une entreprise' },
          { nom: 'raisonSociale', libelle: 'Raison sociale', valeur: 'Bâtiment Santoni & Fils' },
          { nom: 'nom', libelle: 'Nom du représentant', valeur: 'SANTONI' },
        ],
      },
      {
        titre: 'Occupation demandée',
        champs: [
          { nom: 'nature', libelle: "Nature de l'occupation", valeur: 'Dépôt d’une benne à gravats' },
          {
            nom: 'emplacement',
            libelle: 'Emplacement',
            valeur: 'Au droit du 12 cours Napoléon, 20000 Ajaccio',
          },
          { nom: 'surface', libelle: 'Surface occupée', valeur: '8 m²' },
          {
            nom: 'description',
            libelle: 'Description des travaux ou de l’activité',
            valeur: 'Rénovation intérieure (2e étage) : évacuation des gravats « <benne> » — 3 jours.',
          },
        ],
      },
    ],
  },
  piecesJustificatives: [],
};

describe('byte stability of what the server regenerates', () => {
  it('cerfaPdf, enteteXml and donneesXml give the pinned bytes', () => {
    expect(sha256(cerfaPdf(dossier, service))).toBe(
      '801f67f96535f5b007647b9540942a16cd780bd3fc5e7d1111d8b5bc0764f31c',
    );
    expect(sha256(enteteXml(dossier, service))).toBe(
      'c2fefcf8176427fe4f31e29177971eda063da5ff50efdc8f6b73bd16f92c0a20',
    );
    expect(sha256(donneesXml(dossier))).toBe(
      '81cf3b9ae3e85bfe0bbfaaf43d872d460adee99e4711835794a9ca7a8efbc4ca',
    );
    expect(sha256(pdfDemo('Attestation de recensement', ['Ligne é', '', '(fin)']))).toBe(
      'c78c49cb92bf2a58e368efe055c0c649a3f102288fd7fab27fd60fc15783f595',
    );
  });

  it('do not depend on the service’s users, nor on the identity of the objects passed', () => {
    const avecAgents = servicesDemo('stabilite').find((s) => s.codeInsee === '2A004')!;
    expect(avecAgents.nom).toBe(service.nom);
    const copie = structuredClone(dossier);
    expect(Buffer.from(cerfaPdf(copie, avecAgents))).toEqual(Buffer.from(cerfaPdf(dossier, service)));
    expect(enteteXml(copie, avecAgents)).toBe(enteteXml(dossier, service));
    expect(donneesXml(copie)).toBe(donneesXml(dossier));
  });
});
