import { describe, expect, it } from 'vitest';
import {
  changementEtatSchema,
  cleSchema,
  dossierSchema,
  identifiantSchema,
  listeTeledossiersQuerySchema,
} from '../../src/shared/api/schemas.js';
import { genererOpenApi } from '../../src/shared/api/openapi.js';
import { normaliserNumero } from '../../src/shared/numero.js';
import {
  etatsSuivants,
  guichetDeSuivi,
  piecesDeposablesDepuis,
  verifierTransition,
} from '../../src/shared/workflow/index.js';

const demande = (
  etatActuel: number,
  etatDemande: number,
  extra: Partial<Parameters<typeof verifierTransition>[0]> = {},
) =>
  verifierTransition({
    workflow: guichetDeSuivi,
    etatActuel,
    etatDemande,
    slotsRequis: [],
    slotsDeposes: [],
    ...extra,
  });

describe('workflow guichet-de-suivi', () => {
  it('suit le diagramme du produit', () => {
    expect(etatsSuivants(guichetDeSuivi, 5).map((e) => e.code)).toEqual([15, 100]);
    expect(etatsSuivants(guichetDeSuivi, 15).map((e) => e.code)).toEqual([16, 17, 100]);
    expect(etatsSuivants(guichetDeSuivi, 100)).toEqual([]);
    expect(piecesDeposablesDepuis(guichetDeSuivi, 5).map((p) => p.slot)).toEqual([
      'recepisse',
      'attestation',
    ]);
    expect(piecesDeposablesDepuis(guichetDeSuivi, 16).map((p) => p.slot)).toEqual(['attestation']);
  });

  it('refuse chaque cas interdit avec son code', () => {
    expect(demande(5, 15)).toBeNull();
    expect(demande(5, 16)).toMatchObject({ erreur: 'transition_interdite' });
    expect(demande(100, 15)).toMatchObject({ erreur: 'transition_interdite' });
    expect(demande(5, 3)).toMatchObject({ erreur: 'etat_inconnu' });
    expect(demande(15, 17)).toMatchObject({ erreur: 'commentaire_obligatoire' });
    expect(demande(15, 17, { commentaire: '   ' })).toMatchObject({ erreur: 'commentaire_obligatoire' });
    expect(demande(15, 17, { commentaire: 'Justificatif manquant' })).toBeNull();
    expect(demande(16, 100, { slotsRequis: ['attestation'] })).toMatchObject({
      erreur: 'piece_obligatoire',
      slot: 'attestation',
    });
    expect(demande(16, 100, { slotsRequis: ['attestation'], slotsDeposes: ['attestation'] })).toBeNull();
  });
});

describe('schémas du contrat', () => {
  it('valide numéros, identifiants, clés et corps de changement d’état', () => {
    expect(normaliserNumero(' a-5-abcd1234 ')).toBe('A-5-ABCD1234');
    expect(normaliserNumero('A-5-ABC')).toBeNull();
    expect(identifiantSchema.safeParse('agnes.thevenet').success).toBe(true);
    expect(identifiantSchema.safeParse('Agnes').success).toBe(false);
    expect(cleSchema.safeParse('court').success).toBe(false);
    expect(changementEtatSchema.safeParse({ etat: 15, revision: 1, cle: 'abcdefgh' }).success).toBe(true);
    expect(changementEtatSchema.safeParse({ etat: '15', revision: 1, cle: 'abcdefgh' }).success).toBe(false);
    expect(listeTeledossiersQuerySchema.parse({ depuis: '', limite: '20' })).toMatchObject({
      depuis: '',
      limite: 20,
    });
    const dossier = {
      numero: 'A-5-ABCD1234',
      demarche: { code: 'acte-etat-civil', intitule: 'Acte' },
      courriel: 'a@example.fr',
      deposeLe: '2026-01-01T10:00:00.000Z',
      etat: 5,
      dernierCommentaire: null,
      revision: 1,
      expireLe: '2026-01-31T10:00:00.000+01:00',
      archive: { taille: 10, sha256: 'a'.repeat(64) },
    };
    expect(dossierSchema.safeParse(dossier).success).toBe(true);
    expect(
      dossierSchema.safeParse({ ...dossier, archive: { taille: 10, sha256: 'A'.repeat(64) } }).success,
    ).toBe(false);
  });

  it('génère une description OpenAPI sérialisable', () => {
    const doc = genererOpenApi();
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
