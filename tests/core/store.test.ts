import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annulerAction, creerActionCloture } from '../../src/main/outbox/index.js';
import { guichetDeSuivi } from '../../src/shared/workflow/index.js';
import {
  appliquerDossierServeur,
  enregistrerReferentiel,
  enregistrerArchive,
  indexerDonnees,
  listerDossiers,
  numerosDuFiltre,
  ouvrirBase,
  retablirIndex,
  suspendreIndex,
  sqlListe,
  type Db,
} from '../../src/main/store/index.js';
import { migrations } from '../../src/main/store/migrations/index.js';
import type { FiltreDossiers, TriDossiers } from '../../src/shared/app-api/index.js';
import { dossierSynthetique } from './aide/donnees.js';
import { dossierTemporaire } from './aide/guichet.js';

const N = 20_000;
let db: Db;
let fichier: string;
const parDate: TriDossiers = { colonne: 'deposeLe', sens: 'desc' };
const lister = (filtre: Partial<FiltreDossiers>, tri: TriDossiers = parDate, offset = 0, limite = 50) =>
  listerDossiers(db, { supprimes: 'inclure', ...filtre }, tri, offset, limite);

function plan(filtre: Partial<FiltreDossiers>, tri: TriDossiers): string {
  const { sql, params } = sqlListe({ supprimes: 'inclure', ...filtre }, tri);
  const lignes = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...params, limite: 50, offset: 0 }) as {
    detail: string;
  }[];
  return lignes.map((l) => l.detail).join('\n');
}

beforeAll(() => {
  fichier = path.join(dossierTemporaire(), 'store.sqlite');
  db = ouvrirBase(fichier);
  db.transaction(() => {
    for (let i = 0; i < N; i++) appliquerDossierServeur(db, dossierSynthetique(i), false);
  })();
  db.pragma('optimize');
});

afterAll(() => db?.close());

describe('store local', () => {
  it('migrations : une version par fichier, enregistrée dans user_version, réouverture sans effet', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const autre = ouvrirBase(fichier);
    expect(autre.pragma('user_version', { simple: true })).toBe(migrations.length);
    autre.close();
  });

  it('chargement en masse : index suspendus puis rétablis à l’identique (et après un arrêt brutal)', () => {
    const schema = () =>
      db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .all();
    const avant = schema();
    suspendreIndex(db);
    expect(schema().length).toBeLessThan(avant.length);
    // "Killed" here: reopening the file restores them before anything else.
    const autre = ouvrirBase(fichier);
    autre.close();
    retablirIndex(db);
    expect(schema().map((x) => (x as { name: string }).name)).toEqual(
      avant.map((x) => (x as { name: string }).name),
    );
    expect(
      db.prepare("SELECT count(*) AS n FROM dossiers_fts WHERE dossiers_fts MATCH 'electorales'").get(),
    ).toEqual({ n: N / 4 });
  });

  it('liste paginée, triée sur chaque colonne, avec le total', () => {
    const page = lister({}, parDate, 100, 50);
    expect(page.total).toBe(N);
    expect(page.elements).toHaveLength(50);
    const dates = page.elements.map((e) => Date.parse(e.deposeLe!));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    for (const colonne of ['numero', 'demarche', 'etat', 'deposeLe', 'expireLe', 'archive'] as const) {
      const asc = lister({}, { colonne, sens: 'asc' }).elements;
      const desc = lister({}, { colonne, sens: 'desc' }).elements;
      expect(asc).toHaveLength(50);
      expect(asc[0]?.numero).not.toBe(desc[0]?.numero);
    }
    const etats = lister({}, { colonne: 'etat', sens: 'asc' }, 0, 500).elements.map((e) => e.etat!);
    expect([...etats].sort((a, b) => a - b)).toEqual(etats);
  });

  it('filtres : période, démarche, état, archivé, expiration, supprimés', () => {
    const etat = lister({ etat: 16 });
    expect(etat.total).toBe(N / 4);
    expect(etat.elements.every((e) => e.etat === 16)).toBe(true);
    const dem = lister({ demarche: 'recensement-citoyen', etat: 15 });
    expect(dem.elements.every((e) => e.demarche?.code === 'recensement-citoyen' && e.etat === 15)).toBe(true);
    const jour = new Date(Date.parse(dossierSynthetique(0).deposeLe));
    const j = `${jour.getFullYear()}-${String(jour.getMonth() + 1).padStart(2, '0')}-${String(jour.getDate()).padStart(2, '0')}`;
    const periode = lister({ du: j, au: j }, parDate, 0, 500);
    expect(periode.total).toBeGreaterThan(0);
    for (const e of periode.elements) {
      const d = new Date(e.deposeLe!);
      expect(d.getDate()).toBe(jour.getDate());
    }
    const numero = dossierSynthetique(7).numero;
    enregistrerArchive(db, numero, '/tmp/archives', 'x/2026-11/a.zip', 'a'.repeat(64), 10);
    expect(lister({ archive: true }).elements.map((e) => e.numero)).toEqual([numero]);
    expect(lister({ archive: false }).total).toBe(N - 1);
    const expire = lister({ expireDansJours: 0 }).total;
    expect(expire).toBe(0);
    expect(lister({ expireDansJours: 60 }).total).toBe(N);
    db.prepare("UPDATE dossiers SET supprime_motif = 'retention' WHERE numero = ?").run(numero);
    expect(lister({ supprimes: 'seulement' }).total).toBe(1);
    expect(lister({ supprimes: 'exclure' }).total).toBe(N - 1);
  });

  it('recherche : numéro (préfixe), courriel, démarche sans accents, données du formulaire', () => {
    const d = dossierSynthetique(1234);
    expect(lister({ recherche: d.numero.toLowerCase() }).elements.map((e) => e.numero)).toEqual([d.numero]);
    expect(lister({ recherche: d.numero.slice(0, 10) }).total).toBeGreaterThan(1);
    expect(lister({ recherche: d.courriel }).elements.map((e) => e.numero)).toContain(d.numero);
    expect(lister({ recherche: 'electorales' }).total).toBe(N / 4);
    indexerDonnees(db, d.numero, 'Jean-Baptiste Poquelin né à Paris');
    expect(lister({ recherche: 'poquel' }).elements.map((e) => e.numero)).toEqual([d.numero]);
    expect(lister({ recherche: 'Poquelin', etat: d.etat }).total).toBe(1);
  });

  it('« Tout sélectionner » résout les numéros en SQL', () => {
    const filtre: FiltreDossiers = { etat: 17, demarche: 'changement-coordonnees', supprimes: 'inclure' };
    const numeros = numerosDuFiltre(db, filtre);
    expect(numeros.length).toBe(lister(filtre).total);
  });

  it('EXPLAIN QUERY PLAN : les index prévus sont utilisés', () => {
    expect(plan({}, parDate)).toMatch(/USING INDEX dossiers_depose/);
    expect(plan({ etat: 16 }, parDate)).toMatch(/USING INDEX dossiers_etat/);
    expect(plan({ demarche: 'recensement-citoyen' }, parDate)).toMatch(/USING INDEX dossiers_demarche/);
    expect(plan({ recherche: 'A-5-0000' }, { colonne: 'numero', sens: 'asc' })).toMatch(
      /sqlite_autoindex_dossiers_1|numero/,
    );
    expect(plan({}, { colonne: 'expireLe', sens: 'asc' })).toMatch(/USING INDEX dossiers_expire/);
  });

  it('clôture en masse : une action, une clé par lot de 1000, état optimiste puis annulation', () => {
    enregistrerReferentiel(
      db,
      [guichetDeSuivi],
      [
        'inscription-listes-electorales',
        'recensement-citoyen',
        'changement-coordonnees',
        'acte-etat-civil',
      ].map((code) => ({
        code,
        intitule: code,
        workflow: guichetDeSuivi.code,
        piecesRequises: [],
      })),
    );
    const numeros = numerosDuFiltre(db, { supprimes: 'exclure' }).slice(0, 2500);
    const { action, refuses } = creerActionCloture(
      { db, dossierProfil: dossierTemporaire(), par: 'agent' },
      numeros,
      'Fin',
    );
    expect(refuses).toEqual([]);
    expect(action.numeros).toHaveLength(2500);
    expect(action.cles).toHaveLength(3);
    expect(new Set(action.cles).size).toBe(3);
    const clos = lister({ etat: 100 }, parDate, 0, 500);
    expect(clos.total).toBe(2500);
    expect(clos.elements.every((e) => e.actionsEnAttente === 1)).toBe(true);
    annulerAction(db, dossierTemporaire(), action.id);
    expect(lister({ etat: 100 }).total).toBe(0);
  });
});
