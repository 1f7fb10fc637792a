import { describe, expect, it } from 'vitest';
import {
  etatDe,
  guichetDeSuivi,
  PORTAIL,
  portailCitoyen,
  verifierTransition,
  verifierTransitionUsager,
  workflowSchema,
} from '../../src/shared/workflow/index.js';

const P = PORTAIL;
const codes = portailCitoyen.etats.map((e) => e.code);
const agent = (de: number, vers: number, commentaire?: string) =>
  verifierTransition({
    workflow: portailCitoyen,
    etatActuel: de,
    etatDemande: vers,
    commentaire,
    slotsRequis: [],
    slotsDeposes: [],
  });

describe('workflow « portail-citoyen » (données)', () => {
  it('est conforme au schéma, et ses codes ne croisent pas ceux du Guichet de Suivi', () => {
    expect(workflowSchema.parse(portailCitoyen)).toEqual(portailCitoyen);
    const suivi = new Set(guichetDeSuivi.etats.map((e) => e.code));
    expect(codes.filter((c) => suivi.has(c))).toEqual([]);
    expect(codes).toHaveLength(8);
    for (const etat of portailCitoyen.etats) {
      for (const t of [...etat.transitions, ...(etat.transitionsUsager ?? [])]) expect(codes).toContain(t);
    }
  });

  it('« rectifié » n’est atteint que par l’usager', () => {
    for (const etat of portailCitoyen.etats) expect(etat.transitions).not.toContain(P.rectifie);
    expect(etatDe(portailCitoyen, P.incomplet)?.transitionsUsager).toContain(P.rectifie);
    expect(agent(P.incomplet, P.rectifie)?.erreur).toBe('transition_interdite');
    expect(verifierTransitionUsager(portailCitoyen, P.incomplet, P.rectifie)).toBeNull();
    expect(verifierTransitionUsager(portailCitoyen, P.enTraitement, P.rectifie)?.erreur).toBe(
      'transition_interdite',
    );
  });

  it('incomplet exige ce qui manque ; rejeté et annulé exigent un motif', () => {
    expect(agent(P.enTraitement, P.incomplet)?.erreur).toBe('commentaire_obligatoire');
    expect(agent(P.enTraitement, P.incomplet, 'Justificatif de domicile')).toBeNull();
    expect(agent(P.complet, P.rejete, '  ')?.message).toMatch(/Motif du rejet/);
    expect(agent(P.complet, P.annule)?.erreur).toBe('commentaire_obligatoire');
    expect(verifierTransitionUsager(portailCitoyen, P.enAttente, P.annule)?.erreur).toBe(
      'commentaire_obligatoire',
    );
  });

  it('l’usager peut annuler jusqu’à la décision, pas après', () => {
    for (const etat of portailCitoyen.etats) {
      const permis = verifierTransitionUsager(portailCitoyen, etat.code, P.annule, 'Déménagement') === null;
      expect(permis).toBe(!etat.terminal);
    }
  });

  it('les états terminaux n’ont aucune suite ; « rectifié » est à revoir, « incomplet » attend des pièces', () => {
    for (const etat of portailCitoyen.etats.filter((e) => e.terminal)) expect(etat.transitions).toEqual([]);
    expect(etatDe(portailCitoyen, P.rectifie)?.aRevoir).toBe(true);
    expect(etatDe(portailCitoyen, P.incomplet)?.attentePieces).toBe(true);
    expect(etatDe(portailCitoyen, portailCitoyen.etatClos)?.terminal).toBe(true);
  });
});
