import { describe, expect, it } from 'vitest';
import { demandeurSchema } from '../../src/shared/api/schemas.js';
import {
  portailCitoyen,
  verifierTransition,
  verifierTransitionUsager,
} from '../../src/shared/workflow/index.js';
import { servicesDemo } from '../../src/server/demo/index.js';
import { genererLot, PART_PORTAIL, type ConfigGeneration } from '../../src/server/peuplement/generation.js';

const services = servicesDemo('portail-demo');
const config: ConfigGeneration = {
  graine: 'portail-demo',
  services,
  maintenant: Date.parse('2026-11-20T10:00:00Z'),
  dictionnaire: { id: 1, contenu: Buffer.from('dictionnaire') },
};

describe('demandes de portail du jeu de démonstration', () => {
  it('une petite part des dossiers, dans chaque état, au parcours permis par le workflow, au contenu réaliste', async () => {
    const lot = await genererLot(config, 0, 1200);
    const portail = lot.filter((d) => d.portail);
    expect(portail.length / lot.length).toBeGreaterThan(PART_PORTAIL / 2);
    expect(portail.length / lot.length).toBeLessThan(PART_PORTAIL * 2);
    const etats = new Set(portail.map((d) => d.historique.at(-1)!.etat));
    expect([...etats].sort()).toEqual(portailCitoyen.etats.map((e) => e.code).sort());
    const libelles = portail.flatMap((d) => d.portail!.justificatifs.map((j) => j.libelle));
    expect(libelles.some((l) => /^Attestation CAF de [A-ZÉ'-]+ \S+/.test(l))).toBe(true);
    expect(libelles.some((l) => /^Justificatif de domicile de moins de 3 mois de /.test(l))).toBe(true);
    const sens = new Set(portail.flatMap((d) => d.portail!.messages.map((m) => m.sens)));
    expect([...sens].sort()).toEqual(['mairie', 'usager']);
    expect(portail.some((d) => d.portail!.rendezVous.some((r) => r.statut === 'annule'))).toBe(true);
    expect(
      portail.some((d) => d.portail!.justificatifs.some((j) => j.statut === 'invalide' && j.motif)),
    ).toBe(true);
    for (const d of portail) {
      expect(demandeurSchema.safeParse(d.portail!.demandeur).success).toBe(true);
      for (let i = 1; i < d.historique.length; i++) {
        const avant = d.historique[i - 1]!;
        const h = d.historique[i]!;
        expect(h.le).toBeGreaterThan(avant.le);
        expect(h.le).toBeLessThanOrEqual(config.maintenant);
        const refus =
          h.par === null
            ? verifierTransitionUsager(portailCitoyen, avant.etat, h.etat, h.commentaire)
            : verifierTransition({
                workflow: portailCitoyen,
                etatActuel: avant.etat,
                etatDemande: h.etat,
                commentaire: h.commentaire,
                slotsRequis: [],
                slotsDeposes: [],
              });
        expect(refus, `${d.p.numero} ${avant.etat} → ${h.etat}`).toBeNull();
      }
      for (const m of d.portail!.messages) expect(m.le).toBeLessThanOrEqual(config.maintenant);
    }
  });

  it('déterministe, et les autres dossiers restent ceux du Guichet de Suivi', async () => {
    const a = await genererLot(config, 0, 120);
    const b = await genererLot(config, 0, 120);
    expect(a.map((d) => d.p.numero)).toEqual(b.map((d) => d.p.numero));
    expect(a.map((d) => d.historique)).toEqual(b.map((d) => d.historique));
    expect(a.filter((d) => !d.portail).every((d) => d.historique[0]!.etat === 5)).toBe(true);
  });
});
