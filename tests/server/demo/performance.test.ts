import { describe, expect, it } from 'vitest';
import {
  cerfaPdf,
  creerAleatoire,
  donneesXml,
  enteteXml,
  genererDossier,
  servicesDemo,
} from '../../../src/server/demo/index.js';

describe('performance of the demo generator', () => {
  it('generates a dossier with its CERFA and both XML files in well under a millisecond', () => {
    const services = servicesDemo('perf');
    const rng = creerAleatoire('perf');
    const base = Date.UTC(2026, 10, 1);
    const tour = (n: number): number => {
      let octets = 0;
      for (let i = 0; i < n; i++) {
        const service = services[i % services.length]!;
        const dossier = genererDossier(rng, service, new Date(base + i * 60_000));
        octets += cerfaPdf(dossier, service).length + enteteXml(dossier, service).length;
        octets += donneesXml(dossier).length;
      }
      return octets;
    };
    tour(1_000); // warm-up
    const n = 5_000;
    const debut = process.cpuUsage();
    const octets = tour(n);
    const cpu = process.cpuUsage(debut);
    const msParDossier = (cpu.user + cpu.system) / 1000 / n;
    expect(octets / n).toBeGreaterThan(5_000);
    // Target on a developer machine: < 0.5 ms; the bound leaves room for slow CI runners.
    expect(msParDossier).toBeLessThan(1.5);
  });
});
