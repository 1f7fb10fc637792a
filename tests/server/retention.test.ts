import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeFiltree, ListeIncrementale } from '../../src/shared/api/schemas.js';
import { soumettreFichier } from '../../src/server/index.js';
import {
  appeler,
  arreterBanc,
  attendre,
  decoderQuotedPrintable,
  comptes,
  connecter,
  demarrerBanc,
  fichiersEml,
  type Banc,
} from './aides.js';

let b: Banc;
let token: string;
beforeAll(async () => {
  // A short purge interval: the server's own schedule does the work in this test.
  b = await demarrerBanc(16, { purgeIntervalleMs: 100 });
  const c = comptes(b);
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
});
afterAll(() => arreterBanc(b));

describe('nouveaux dossiers et courriels', () => {
  it('chaque dépôt envoie un courriel à chaque agent actif du service (.eml écrits)', async () => {
    const { service } = comptes(b, 2);
    const soumis = await soumettreFichier({
      db: b.db,
      nombre: 2,
      codeInsee: service.codeInsee,
      courriels: b.courriels,
      journal: b.journal,
    });
    expect(soumis).toHaveLength(2);
    for (const s of soumis) {
      const mails = fichiersEml(b.courriels).filter((f) => f.nom.includes(s.numero));
      expect(mails).toHaveLength(service.utilisateurs.length);
      const texte = decoderQuotedPrintable(mails[0]!.contenu);
      expect(texte).toContain(`Un usager a déposé un dossier destiné à votre service`);
      expect(texte).toContain(`Le dossier complet n°${s.numero} est disponible.`);
      const destinataires = mails.map((m) => /^To: (.+)$/m.exec(m.contenu)?.[1]).sort();
      expect(new Set(destinataires).size).toBe(service.utilisateurs.length);
    }
    expect(fs.readdirSync(b.courriels).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const t = await connecter(
      b.api,
      service.utilisateurs[1]!.identifiant,
      service.utilisateurs[1]!.motDePasse,
    );
    const liste = (await appeler<ListeFiltree>(`${b.api}/teledossiers?etat=5&parPage=200`, { token: t }))
      .json;
    for (const s of soumis) expect(liste.elements.map((d) => d.numero)).toContain(s.numero);
  });
});

describe('rétention de 30 jours', () => {
  it('purge les dossiers expirés : pierres tombales « retention », 404 ensuite, fichiers orphelins supprimés', async () => {
    const avant = (await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, { token }))
      .json;
    const numeros = [...avant.elements.map((d) => d.numero), ...avant.supprimes.map((s) => s.numero)];
    expect(numeros.length).toBeGreaterThan(0);
    const premier = avant.elements[0]!;
    expect((await appeler(`${b.api}/teledossiers/${premier.numero}/archive`, { token })).status).toBe(200);

    b.horloge.avancerJours(31);
    // Sessions last 12 h: log in again at the new date.
    const c = comptes(b);
    token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
    await attendre(() => {
      const db = new Database(b.db, { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n === 0;
      } finally {
        db.close();
      }
    }, 10_000);

    const apres = (
      await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${avant.curseur}&limite=1000`, { token })
    ).json;
    expect(apres.elements).toEqual([]);
    expect(apres.supprimes.map((s) => s.numero).sort()).toEqual(numeros.sort());
    expect(apres.supprimes.every((s) => s.motif === 'retention')).toBe(true);
    expect((await appeler(`${b.api}/teledossiers/${premier.numero}`, { token })).status).toBe(404);
    expect((await appeler(`${b.api}/teledossiers/${premier.numero}/archive`, { token })).status).toBe(404);
    expect((await appeler<ListeFiltree>(`${b.api}/teledossiers`, { token })).json.total).toBe(0);

    const db = new Database(b.db, { readonly: true });
    try {
      const compte = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(compte('SELECT count(*) AS n FROM historique')).toBe(0);
      expect(compte('SELECT count(*) AS n FROM dossiers_fichiers')).toBe(0);
      expect(compte('SELECT count(*) AS n FROM blobs')).toBe(0);
      expect(
        compte("SELECT count(*) AS n FROM suppressions WHERE motif = 'retention'"),
      ).toBeGreaterThanOrEqual(numeros.length);
    } finally {
      db.close();
    }
    expect(b.journal.lignes.some((l) => l.includes('Purge de rétention'))).toBe(true);
    expect(path.isAbsolute(b.db)).toBe(true);
  });
});
