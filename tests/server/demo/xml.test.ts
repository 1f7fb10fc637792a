import { describe, expect, it } from 'vitest';
import { donneesSchema, enteteSchema } from '../../../src/shared/archive.js';
import type { DossierDemo, ServiceDemo } from '../../../src/server/demo/index.js';
import {
  creerAleatoire,
  donneesXml,
  enteteXml,
  genererDossier,
  servicesDemo,
} from '../../../src/server/demo/index.js';
import { lireDonnees, lireEntete } from './outils.js';

const services = servicesDemo('xml');
const rng = creerAleatoire('xml');
const dossiers = Array.from({ length: 300 }, (_, i) => {
  const service = services[i % services.length]!;
  return { service, dossier: genererDossier(rng, service, new Date(Date.UTC(2026, 2, 1) + i * 3_600_000)) };
});

const HOSTILE = `L'« école » & <b>"cantine"</b> > tout ; a\tb\nc\r\nd ]]> &amp; &#38;`;

function dossierHostile(): { dossier: DossierDemo; service: ServiceDemo } {
  const { dossier } = dossiers[0]!;
  return {
    dossier: {
      ...dossier,
      codeDemarche: 'acte-etat-civil',
      donnees: {
        demarche: 'acte-etat-civil',
        numero: dossier.numero,
        sections: [
          {
            titre: HOSTILE,
            champs: [
              { nom: 'a.b_c-d', libelle: HOSTILE, valeur: HOSTILE },
              { nom: 'vide', libelle: 'Vide', valeur: '' },
              { nom: 'espaces', libelle: ' espaces ', valeur: '  avant et après  ' },
            ],
          },
        ],
      },
    },
    service: { codeInsee: '2A004', nom: `Mairie d'Ajaccio & <Corse> "du Sud"`, utilisateurs: [] },
  };
}

describe('enteteXml', () => {
  it('starts with the XML declaration and round-trips to a valid Entete', () => {
    for (const { dossier, service } of dossiers) {
      const xml = enteteXml(dossier, service);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<entete>')).toBe(true);
      const entete = lireEntete(xml);
      expect(enteteSchema.parse(entete)).toEqual({
        codeDemarche: dossier.codeDemarche,
        numero: dossier.numero,
        courriel: dossier.courriel,
        dateSoumission: dossier.deposeLe.toISOString(),
        routage: { codeInsee: service.codeInsee, service: service.nom },
      });
    }
  });

  it('escapes & < > " and \' in every text', () => {
    const { dossier, service } = dossierHostile();
    const xml = enteteXml(dossier, service);
    expect(xml).toContain('<service>Mairie d&apos;Ajaccio &amp; &lt;Corse&gt; &quot;du Sud&quot;</service>');
    expect(lireEntete(xml).routage.service).toBe(service.nom);
  });

  it('is deterministic', () => {
    const { dossier, service } = dossiers[5]!;
    expect(enteteXml(dossier, service)).toBe(enteteXml(structuredClone(dossier), { ...service }));
  });
});

describe('donneesXml', () => {
  it('round-trips every generated dossier to exactly its données, valid for donneesSchema', () => {
    for (const { dossier } of dossiers) {
      const xml = donneesXml(dossier);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<donnees ')).toBe(true);
      const lu = lireDonnees(xml);
      expect(donneesSchema.parse(lu)).toEqual(dossier.donnees);
    }
  });

  it('escapes text and attributes so hostile values survive unchanged', () => {
    const { dossier } = dossierHostile();
    const xml = donneesXml(dossier);
    expect(xml).not.toContain('<b>');
    expect(xml).not.toMatch(/titre="[^"]*'[^"]*"/);
    expect(xml).toContain('&lt;b&gt;&quot;cantine&quot;&lt;/b&gt;');
    expect(xml).toContain(']]&gt;');
    expect(xml).toContain('&amp;amp; &amp;#38;');
    // Newlines and tabs in attributes are character references (attribute normalization would lose them).
    expect(xml).toMatch(/libelle="[^"]*a&#9;b&#10;c&#13;&#10;d/);
    expect(lireDonnees(xml)).toEqual(dossier.donnees);
  });

  it('drops characters XML 1.0 cannot carry instead of producing an invalid document', () => {
    const { dossier } = dossierHostile();
    const sale: DossierDemo = {
      ...dossier,
      donnees: {
        ...dossier.donnees,
        sections: [
          { titre: 'T\u0001', champs: [{ nom: 'x', libelle: 'L\u0000', valeur: 'v\u0007\uffff\ud800é😀' }] },
        ],
      },
    };
    const lu = lireDonnees(donneesXml(sale));
    expect(lu.sections).toEqual([{ titre: 'T', champs: [{ nom: 'x', libelle: 'L', valeur: 'vé😀' }] }]);
  });

  it('is deterministic and differs between dossiers', () => {
    const { dossier } = dossiers[7]!;
    expect(donneesXml(dossier)).toBe(donneesXml(structuredClone(dossier)));
    expect(donneesXml(dossier)).not.toBe(donneesXml(dossiers[8]!.dossier));
  });
});
