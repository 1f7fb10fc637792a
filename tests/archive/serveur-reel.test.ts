import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cheminArchive,
  lireContenuArchive,
  lireFichierArchive,
  telechargerArchives,
  verifierArchive,
  type ElementArchive,
} from '../../src/main/archive/index.js';
import type { Dossier } from '../../src/shared/api/schemas.js';
import { demarrerGuichetReel, relaisLent, type GuichetReel } from './guichet-reel.js';

let g: GuichetReel;
let elements: ElementArchive[];

const versElement = (d: Dossier): ElementArchive => ({
  numero: d.numero,
  demarche: d.demarche.intitule,
  deposeLe: d.deposeLe,
  sha256: d.archive.sha256,
  taille: d.archive.taille,
});

async function sha256Fichier(chemin: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(chemin))
    .digest('hex');
}

beforeAll(async () => {
  // Dossiers are spread over the demo services: 2,400 gives each of them well over 300.
  g = await demarrerGuichetReel(2400, 'archive-tests');
  elements = g.dossiers.map(versElement);
});
afterAll(async () => {
  await g?.fermer();
});

describe('téléchargement en masse sur le vrai guichet', () => {
  it('télécharge des centaines d’archives, chacune au SHA-256 de la liste, rangées par démarche/mois', async () => {
    expect(elements.length).toBeGreaterThanOrEqual(300);
    const cible = path.join(g.dossierTemp, 'masse');
    const r = await telechargerArchives({
      source: g.source(),
      elements,
      dossierArchives: cible,
      concurrence: 4,
    });
    expect(r.echecs).toEqual([]);
    expect(r.annule).toBe(false);
    expect(r.archives).toHaveLength(elements.length);
    for (const d of g.dossiers) {
      const relatif = `${d.demarche.intitule.replace(/[<>:"/\\|?*]/g, '_')}/${d.deposeLe.slice(0, 7)}/${d.numero}.zip`;
      expect(cheminArchive(versElement(d))).toBe(relatif);
      const chemin = path.join(cible, ...relatif.split('/'));
      expect(await sha256Fichier(chemin)).toBe(d.archive.sha256);
      expect((await fs.stat(chemin)).size).toBe(d.archive.taille);
    }
    const parts = (await fs.readdir(cible, { recursive: true })).filter((n) => n.endsWith('.part'));
    expect(parts).toEqual([]);

    // Second run: everything already there with the right hash → nothing downloaded.
    let octets = -1;
    const r2 = await telechargerArchives({
      source: g.source(),
      elements,
      dossierArchives: cible,
      concurrence: 4,
      surProgression: (p) => (octets = p.octets),
    });
    expect(r2).toMatchObject({ archives: [], ignores: elements.length, echecs: [] });
    expect(octets).toBe(0);
  });

  it('lireContenuArchive sur une archive du guichet : entête et données conformes au dossier', async () => {
    const cible = path.join(g.dossierTemp, 'contenu');
    const choix = g.dossiers.slice(0, 25);
    const r = await telechargerArchives({
      source: g.source(),
      elements: choix.map(versElement),
      dossierArchives: cible,
      concurrence: 4,
    });
    expect(r.echecs).toEqual([]);
    for (const d of choix) {
      const zip = path.join(cible, ...cheminArchive(versElement(d)).split('/'));
      expect(await verifierArchive(zip, d.archive.sha256)).toBe(true);
      const c = await lireContenuArchive(zip);
      expect(c.avertissements).toEqual([]);
      expect(c.entete).toMatchObject({
        numero: d.numero,
        codeDemarche: d.demarche.code,
        courriel: d.courriel,
      });
      expect(c.entete?.routage.codeInsee).toBe(g.codeInsee);
      expect(new Date(c.entete!.dateSoumission).getTime()).toBe(new Date(d.deposeLe).getTime());
      expect(c.donnees?.numero).toBe(d.numero);
      expect(c.donnees?.sections.length).toBeGreaterThan(0);
      const cerfa = c.fichiers.find((f) => f.nom === `cerfa-${d.numero}.pdf`);
      expect(cerfa?.type).toBe('application/pdf');
      const lu = await lireFichierArchive(zip, cerfa!.nom);
      expect(lu.contenu.subarray(0, 5).toString()).toBe('%PDF-');
      expect(lu.contenu.length).toBe(cerfa!.taille);
    }
  });

  it('reprise après annulation : les .part sont complétés en 206 (moins d’octets que le total)', async () => {
    const cible = path.join(g.dossierTemp, 'reprise');
    const lot = elements.slice(0, 60);
    const total = lot.reduce((s, e) => s + e.taille, 0);
    const relais = await relaisLent(g.url);
    const controleur = new AbortController();
    let r1;
    try {
      r1 = await telechargerArchives({
        source: g.source(relais.url),
        elements: lot,
        dossierArchives: cible,
        concurrence: 4,
        signal: controleur.signal,
        surProgression: (p) => {
          if (p.octets > total * 0.3) controleur.abort();
        },
      });
    } finally {
      await relais.fermer();
    }
    expect(r1.annule).toBe(true);
    expect(r1.echecs).toEqual([]);
    const faits = new Set(r1.archives.map((a) => a.numero));
    expect(faits.size).toBeLessThan(lot.length);
    const parts: { e: ElementArchive; taille: number }[] = [];
    for (const e of lot) {
      const s = await fs.stat(path.join(cible, ...cheminArchive(e).split('/')) + '.part').catch(() => null);
      if (s) parts.push({ e, taille: s.size });
    }
    expect(parts.length).toBeGreaterThan(0);
    for (const p of parts) expect(p.taille).toBeLessThan(p.e.taille);
    const dejaRecu = parts.reduce((s, p) => s + p.taille, 0);
    expect(dejaRecu).toBeGreaterThan(0);

    let octets = 0;
    const r2 = await telechargerArchives({
      source: g.source(),
      elements: lot,
      dossierArchives: cible,
      concurrence: 4,
      surProgression: (p) => (octets = p.octets),
    });
    expect(r2.echecs).toEqual([]);
    expect(r2.ignores).toBe(faits.size);
    const restant = lot.filter((e) => !faits.has(e.numero)).reduce((s, e) => s + e.taille, 0);
    // Exactly the missing bytes crossed the network: the parts were continued with Range (206).
    expect(octets).toBe(restant - dejaRecu);
    for (const e of lot) {
      expect(await sha256Fichier(path.join(cible, ...cheminArchive(e).split('/')))).toBe(e.sha256);
    }
  });

  it('un .part corrompu sur le disque est écarté, un numéro inconnu du guichet est signalé supprimé', async () => {
    const cible = path.join(g.dossierTemp, 'corrompu');
    const e = elements[100]!;
    const final = path.join(cible, ...cheminArchive(e).split('/'));
    await fs.mkdir(path.dirname(final), { recursive: true });
    await fs.writeFile(`${final}.part`, Buffer.alloc(Math.floor(e.taille / 2), 0x41));
    const inconnu: ElementArchive = { ...e, numero: 'A-5-ZZZZZZZZ' };
    const r = await telechargerArchives({
      source: g.source(),
      elements: [e, inconnu],
      dossierArchives: cible,
      concurrence: 2,
    });
    expect(r.archives.map((a) => a.numero)).toEqual([e.numero]);
    expect(await sha256Fichier(final)).toBe(e.sha256);
    expect(r.echecs).toEqual([
      { numero: 'A-5-ZZZZZZZZ', message: expect.stringMatching(/supprimé du guichet/), introuvable: true },
    ]);
  });
});
