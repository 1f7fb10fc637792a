import { describe, expect, it } from 'vitest';
import { historiqueEntreeSchema } from '../../../src/shared/api/schemas.js';
import { etatDe, guichetDeSuivi, verifierTransition } from '../../../src/shared/workflow/index.js';
import type { HistoriqueDemo } from '../../../src/server/demo/index.js';
import {
  creerAleatoire,
  DEMARCHES_DEMO,
  genererDossier,
  parcoursDemo,
  servicesDemo,
} from '../../../src/server/demo/index.js';
import { enHeureDeParis } from '../../../src/server/demo/dates.js';

const JOUR = 86_400_000;
const services = servicesDemo('parcours');
const MAINTENANT = new Date('2026-11-25T12:00:00.000Z');
const maintenant = MAINTENANT;

function simuler(graine: string, n: number) {
  const rng = creerAleatoire(graine);
  return Array.from({ length: n }, (_, i) => {
    const service = services[i % services.length]!;
    const deposeLe = new Date(maintenant.getTime() - rng.suivant() * 30 * JOUR);
    const dossier = genererDossier(rng, service, deposeLe);
    return { service, dossier, historique: parcoursDemo(rng, dossier, service.utilisateurs, maintenant) };
  });
}

const lot = simuler('parcours', 4_000);
const dernier = (h: HistoriqueDemo[]): HistoriqueDemo => h[h.length - 1]!;

describe('parcoursDemo', () => {
  it('starts with the submission: état 5 at deposeLe, by nobody, without comment', () => {
    for (const { dossier, historique } of lot) {
      expect(historique[0]).toEqual({ etat: 5, le: dossier.deposeLe, par: null, commentaire: null });
    }
  });

  it('only takes transitions the workflow and the démarche allow, by agents of the service', () => {
    for (const { dossier, historique, service } of lot) {
      const requises = DEMARCHES_DEMO.find((d) => d.code === dossier.codeDemarche)!.piecesRequises;
      const agents = new Set(service.utilisateurs.map((u) => u.identifiant));
      for (let i = 1; i < historique.length; i++) {
        const avant = historique[i - 1]!;
        const e = historique[i]!;
        const refus = verifierTransition({
          workflow: guichetDeSuivi,
          etatActuel: avant.etat,
          etatDemande: e.etat,
          commentaire: e.commentaire,
          slotsRequis: requises.filter((p) => p.etat === e.etat).map((p) => p.slot),
          slotsDeposes: [],
        });
        expect(refus).toBeNull();
        expect(agents.has(e.par!)).toBe(true);
        expect(etatDe(guichetDeSuivi, avant.etat)?.terminal).toBe(false);
      }
    }
  });

  it('has strictly increasing dates, never after maintenant, agents acting in working hours', () => {
    // Also across the spring summer-time switch (29 March 2026).
    const printemps = new Date('2026-04-10T12:00:00.000Z');
    const rngP = creerAleatoire('printemps');
    const autour = Array.from({ length: 1_500 }, (_, i) => {
      const service = services[i % services.length]!;
      const dossier = genererDossier(
        rngP,
        service,
        new Date(printemps.getTime() - rngP.suivant() * 30 * JOUR),
      );
      return {
        historique: parcoursDemo(rngP, dossier, service.utilisateurs, printemps),
        maintenant: printemps,
      };
    });
    for (const { historique, maintenant } of [
      ...lot.map((x) => ({ ...x, maintenant: MAINTENANT })),
      ...autour,
    ]) {
      for (let i = 1; i < historique.length; i++) {
        const t = historique[i]!.le;
        expect(t.getTime()).toBeGreaterThan(historique[i - 1]!.le.getTime());
        expect(t.getTime()).toBeLessThanOrEqual(maintenant.getTime());
        const paris = enHeureDeParis(t);
        const minutes = paris.getUTCHours() * 60 + paris.getUTCMinutes();
        expect([0, 6]).not.toContain(paris.getUTCDay());
        expect(minutes).toBeGreaterThanOrEqual(8 * 60 + 30);
        expect(minutes).toBeLessThan(18 * 60);
      }
    }
  });

  it('produces entries the API can serve, with French comments where the workflow needs one', () => {
    for (const { historique } of lot) {
      for (const e of historique) {
        expect(historiqueEntreeSchema.safeParse({ ...e, le: e.le.toISOString() }).success).toBe(true);
        if (e.etat === 17) expect(e.commentaire).toMatch(/[a-zé]{4,}/);
      }
    }
    const commentaires = lot.flatMap((x) => x.historique.map((e) => e.commentaire)).filter((c) => c !== null);
    expect(commentaires.some((c) => c.includes('é'))).toBe(true);
  });

  it('gives a varied mix: recent dossiers at 5, others at 15, 16, 17 and closed', () => {
    const parEtat = new Map<number, number>();
    for (const { historique } of lot)
      parEtat.set(dernier(historique).etat, (parEtat.get(dernier(historique).etat) ?? 0) + 1);
    for (const etat of [5, 15, 16, 17, 100])
      expect(parEtat.get(etat) ?? 0).toBeGreaterThan(lot.length * 0.05);
    expect(parEtat.get(5)!).toBeGreaterThan(lot.length * 0.15);
    expect(parEtat.get(100)!).toBeLessThan(lot.length * 0.5);
    const recents = lot.filter((x) => maintenant.getTime() - x.dossier.deposeLe.getTime() < 3_600_000);
    expect(recents.length).toBeGreaterThan(0);
    for (const x of recents) expect(x.historique).toHaveLength(1);
    const vieux = lot.filter((x) => maintenant.getTime() - x.dossier.deposeLe.getTime() > 20 * JOUR);
    const vieuxClos = vieux.filter((x) => dernier(x.historique).etat === 100).length;
    expect(vieuxClos / vieux.length).toBeGreaterThan(0.4);
  });

  it('never closes a recensement (the attestation would have to be deposited first)', () => {
    const recensements = lot.filter((x) => x.dossier.codeDemarche === 'recensement-citoyen');
    expect(recensements.length).toBeGreaterThan(100);
    for (const x of recensements) expect(x.historique.map((e) => e.etat)).not.toContain(100);
    expect(recensements.some((x) => dernier(x.historique).etat === 16)).toBe(true);
  });

  it('is deterministic for a graine', () => {
    const a = simuler('determinisme', 200);
    const b = simuler('determinisme', 200);
    expect(b.map((x) => x.historique)).toEqual(a.map((x) => x.historique));
    const c = simuler('autre', 200);
    expect(c.map((x) => x.historique)).not.toEqual(a.map((x) => x.historique));
  });

  it('returns only the submission when no agent can act', () => {
    const rng = creerAleatoire('sans-agent');
    const dossier = genererDossier(rng, services[0]!, new Date(maintenant.getTime() - 25 * JOUR));
    expect(parcoursDemo(rng, dossier, [], maintenant)).toEqual([
      { etat: 5, le: dossier.deposeLe, par: null, commentaire: null },
    ]);
  });
});
