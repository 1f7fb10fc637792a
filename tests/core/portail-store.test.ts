import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { lireAction } from '../../src/main/outbox/index.js';
import {
  appliquerDossierServeur,
  idsNonLus,
  listerDossiers,
  marquerLus,
  messagesNonLus,
  ouvrirBase,
  type DossierServeur,
} from '../../src/main/store/index.js';
import { migrations } from '../../src/main/store/migrations/index.js';
import type { MessageEchange, Portail } from '../../src/shared/api/index.js';
import { dossierSynthetique } from './aide/donnees.js';
import { dossierTemporaire } from './aide/guichet.js';

const tri = { colonne: 'numero' as const, sens: 'asc' as const };

function message(id: string, sens: 'usager' | 'mairie', texte: string): MessageEchange {
  return {
    id,
    le: new Date().toISOString(),
    sens,
    sujet: `Sujet ${id}`,
    texte,
    par: sens === 'mairie' ? 'agent' : null,
    parNom: null,
    pieces: [],
    luParUsagerLe: null,
  };
}

function portail(messages: MessageEchange[]): Portail {
  return {
    demandeur: {
      civilite: 'Madame',
      nom: 'MARINELLI',
      prenom: 'Sonia',
      dateNaissance: null,
      adresse: { ligne1: '3 rue des Lilas', ligne2: null, codePostal: '62190', commune: 'Hesdigneul' },
      courriel: 'sonia@example.fr',
      telephone: null,
      mobile: null,
      contactPrefere: 'courriel',
      concerne: 'Léa',
    },
    messages,
    justificatifs: [],
    rendezVous: [],
  };
}

function dossier(i: number, revision: number, messages: MessageEchange[]): DossierServeur {
  return { ...dossierSynthetique(i), revision, portail: portail(messages) };
}

describe('store : portail citoyen', () => {
  it("un message de l'usager est lu ici, ou quand la mairie a écrit après lui", () => {
    const p = portail([
      message('u1', 'usager', 'a'),
      message('m1', 'mairie', 'b'),
      message('u2', 'usager', 'c'),
    ]);
    expect(idsNonLus(p, new Set())).toEqual(['u2']);
    expect(idsNonLus(p, new Set(['u2']))).toEqual([]);
    expect(
      idsNonLus(portail([message('u1', 'usager', 'a'), message('u2', 'usager', 'b')]), new Set(['u1'])),
    ).toEqual(['u2']);
  });

  it('colonne des non lus, lecture locale gardée, recherche plein texte suivant les messages', () => {
    const db = ouvrirBase(path.join(dossierTemporaire(), 'store.sqlite'));
    const d = dossier(1, 1, [message('u1', 'usager', 'Bonjour, voici ma question sur la cantine.')]);
    const nouveaux: string[][] = [];
    db.transaction(() => appliquerDossierServeur(db, d, false, (_n, ids) => nouveaux.push(ids)))();
    expect(nouveaux).toEqual([['u1']]);
    const ligne = () =>
      listerDossiers(db, { supprimes: 'inclure', numeros: [d.numero] }, tri, 0, 10).elements[0];
    expect(ligne()?.messagesNonLus).toBe(1);
    const cherche = (texte: string) =>
      listerDossiers(db, { supprimes: 'inclure', recherche: texte }, tri, 0, 10).elements.map(
        (e) => e.numero,
      );
    expect(cherche('cantine')).toEqual([d.numero]);
    expect(cherche('marinelli')).toEqual([d.numero]);

    expect(marquerLus(db, d.numero)).toBe(0);
    expect(ligne()?.messagesNonLus).toBe(0);
    // The guichet's next version: one message more, the first stays read here.
    const suite = dossier(1, 2, [
      message('u1', 'usager', 'Plus de cantine.'),
      message('u2', 'usager', 'Garderie ?'),
    ]);
    nouveaux.length = 0;
    db.transaction(() => appliquerDossierServeur(db, suite, false, (_n, ids) => nouveaux.push(ids)))();
    expect(nouveaux).toEqual([['u2']]);
    expect(messagesNonLus(db, d.numero)).toEqual(['u2']);
    expect(cherche('garderie')).toEqual([d.numero]);
    expect(cherche('question')).toEqual([]);
    expect(listerDossiers(db, { supprimes: 'inclure', messagesNonLus: true }, tri, 0, 10).total).toBe(1);
    db.close();
  });

  it('migration 4 : les actions déjà en file sont gardées, avec un résumé', () => {
    const fichier = path.join(dossierTemporaire(), 'store.sqlite');
    const ancien = new Database(fichier);
    for (const [i, m] of migrations.slice(0, 3).entries()) {
      ancien.transaction(() => {
        m(ancien);
        ancien.pragma(`user_version = ${i + 1}`);
      })();
    }
    ancien
      .prepare(
        `INSERT INTO actions (id, type, numeros_json, etat, cles_json, revision, statut, cree_le)
         VALUES ('a1', 'etat', '["A-5-00000001"]', 16, '["cle-ancienne-1"]', 3, 'en-attente', '2026-01-01T00:00:00Z')`,
      )
      .run();
    ancien.prepare("INSERT INTO action_dossiers (action_seq, numero) VALUES (1, 'A-5-00000001')").run();
    ancien.close();

    const db = ouvrirBase(fichier);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const a = lireAction(db, 'a1');
    expect(a).toMatchObject({ etat: 16, cles: ['cle-ancienne-1'], revision: 3, donnees: null });
    expect(a?.resume).toContain('état');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
