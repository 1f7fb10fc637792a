import { describe, expect, it } from 'vitest';
import {
  codeInseeSchema,
  courrielSchema,
  demarcheSchema,
  identifiantSchema,
  nouvelUtilisateurSchema,
} from '../../../src/shared/api/schemas.js';
import { guichetDeSuivi } from '../../../src/shared/workflow/index.js';
import { DEMARCHES_DEMO, servicesDemo } from '../../../src/server/demo/index.js';

describe('servicesDemo', () => {
  const services = servicesDemo('demo');

  it('lists real mairies with their real code INSEE', () => {
    expect(services.length).toBeGreaterThanOrEqual(3);
    const parCode = Object.fromEntries(services.map((s) => [s.codeInsee, s.nom]));
    expect(parCode).toMatchObject({
      '69266': 'Mairie de Villeurbanne',
      '29232': 'Mairie de Quimper',
      '74010': "Mairie d'Annecy",
      '2A004': "Mairie d'Ajaccio",
    });
    for (const s of services) expect(codeInseeSchema.safeParse(s.codeInsee).success).toBe(true);
  });

  it('gives each service exactly one administrator and 2 or 3 agents', () => {
    for (const s of services) {
      const gestion = s.utilisateurs.filter((u) => u.habilitation === 'GESTION');
      const instruction = s.utilisateurs.filter((u) => u.habilitation === 'INSTRUCTION');
      expect(gestion).toHaveLength(1);
      expect(instruction.length).toBeGreaterThanOrEqual(2);
      expect(instruction.length).toBeLessThanOrEqual(3);
      expect(s.utilisateurs[0]?.habilitation).toBe('GESTION');
    }
  });

  it('makes accounts the API accepts, with unique identifiants and plausible courriels', () => {
    const identifiants = services.flatMap((s) => s.utilisateurs.map((u) => u.identifiant));
    expect(new Set(identifiants).size).toBe(identifiants.length);
    for (const s of services) {
      const domaine = s.nom
        .replace(/^Mairie (de |d')/, '')
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '');
      for (const u of s.utilisateurs) {
        expect(u.identifiant).toMatch(/^[a-z0-9][a-z0-9._-]{2,63}$/);
        expect(identifiantSchema.safeParse(u.identifiant).success).toBe(true);
        expect(courrielSchema.safeParse(u.courriel).success).toBe(true);
        expect(u.courriel.endsWith(`-${domaine}.fr`)).toBe(true);
        expect(u.motDePasse.length).toBeGreaterThanOrEqual(10);
        expect(u.motDePasse).toMatch(/^[a-z]+-[a-z]+-\d{2}$/);
        expect(u.motDePasse).not.toContain(u.identifiant);
        const parse = nouvelUtilisateurSchema.safeParse({ ...u, active: true });
        expect(parse.success, JSON.stringify(parse.error?.issues)).toBe(true);
      }
    }
    const motsDePasse = services.flatMap((s) => s.utilisateurs.map((u) => u.motDePasse));
    expect(new Set(motsDePasse).size).toBe(motsDePasse.length);
  });

  it('is deterministic for a graine and changes with the graine', () => {
    expect(servicesDemo('demo')).toEqual(services);
    const autre = servicesDemo('autre-graine');
    expect(autre.map((s) => s.codeInsee)).toEqual(services.map((s) => s.codeInsee));
    expect(autre.flatMap((s) => s.utilisateurs)).not.toEqual(services.flatMap((s) => s.utilisateurs));
  });
});

describe('DEMARCHES_DEMO', () => {
  it('has the six démarches of the demo guichet, valid for the API', () => {
    expect(DEMARCHES_DEMO.map((d) => d.intitule)).toEqual([
      'Inscription sur les listes électorales',
      'Recensement citoyen obligatoire',
      'Changement de coordonnées',
      "Demande d'acte d'état civil",
      'Inscription scolaire',
      "Autorisation d'occupation du domaine public",
    ]);
    const codes = DEMARCHES_DEMO.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const d of DEMARCHES_DEMO) {
      expect(d.code).toMatch(/^[a-z][a-z0-9-]{1,63}$/);
      expect(demarcheSchema.safeParse(d).success).toBe(true);
      expect(d.workflow).toBe(guichetDeSuivi.code);
    }
  });

  it('requires the attestation before closing a recensement, on a slot the workflow has at 100', () => {
    const recensement = DEMARCHES_DEMO.find((d) => d.code === 'recensement-citoyen');
    expect(recensement?.piecesRequises).toEqual([{ etat: 100, slot: 'attestation' }]);
    for (const d of DEMARCHES_DEMO) {
      for (const p of d.piecesRequises) {
        const etat = guichetDeSuivi.etats.find((e) => e.code === p.etat);
        expect(etat?.pieces.map((x) => x.slot)).toContain(p.slot);
      }
    }
  });
});
