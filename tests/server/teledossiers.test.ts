import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierDetail, ListeFiltree, ListeIncrementale } from '../../src/shared/api/schemas.js';
import {
  dossierDetailSchema,
  listeFiltreeSchema,
  listeIncrementaleSchema,
} from '../../src/shared/api/schemas.js';
import { appeler, arreterBanc, comptes, connecter, demarrerBanc, type Banc } from './aides.js';

let b: Banc;
let token: string;
let tokenAutreService: string;
beforeAll(async () => {
  b = await demarrerBanc(80);
  const { agent } = comptes(b);
  token = await connecter(b.api, agent.identifiant, agent.motDePasse);
  const autre = comptes(b, 1);
  tokenAutreService = await connecter(b.api, autre.agent.identifiant, autre.agent.motDePasse);
});
afterAll(() => arreterBanc(b));

async function tout(t: string): Promise<ListeIncrementale> {
  const r = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, { token: t });
  expect(r.status).toBe(200);
  return r.json;
}

describe('référentiel', () => {
  it('sert les workflows et les démarches du service', async () => {
    const w = await appeler<{ workflows: { code: string; etats: { code: number }[] }[] }>(
      `${b.api}/workflows`,
      { token },
    );
    expect(w.status).toBe(200);
    expect(w.json.workflows.map((x) => x.code)).toContain('guichet-de-suivi');
    expect(w.json.workflows[0]!.etats.map((e) => e.code)).toEqual([5, 15, 16, 17, 100]);
    const d = await appeler<{ demarches: { code: string; piecesRequises: unknown[] }[] }>(
      `${b.api}/demarches`,
      { token },
    );
    expect(d.json.demarches.length).toBeGreaterThanOrEqual(6);
    expect(d.json.demarches.find((x) => x.code === 'recensement-citoyen')?.piecesRequises).toEqual([
      { etat: 100, slot: 'attestation' },
    ]);
  });
});

describe('listes de télédossiers', () => {
  it('liste incrémentale : tout le service, valide, sans doublon, curseur stable', async () => {
    const liste = await tout(token);
    expect(listeIncrementaleSchema.safeParse(liste).success).toBe(true);
    expect(liste.encore).toBe(false);
    const numeros = [...liste.elements.map((d) => d.numero), ...liste.supprimes.map((s) => s.numero)];
    expect(new Set(numeros).size).toBe(numeros.length);
    expect(numeros.length).toBe(20); // 80 dossiers over 4 services, round robin
    // Nothing changed: the cursor returns nothing more.
    const suite = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${liste.curseur}`, {
      token,
    });
    expect(suite.json).toEqual({ elements: [], supprimes: [], curseur: liste.curseur, encore: false });
    // Small pages walk the same set in the same order.
    const vus: string[] = [];
    let curseur = '';
    for (let encore = true; encore;) {
      const page = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${curseur}&limite=3`, {
        token,
      });
      expect(page.json.elements.length + page.json.supprimes.length).toBeLessThanOrEqual(3);
      vus.push(...page.json.elements.map((d) => d.numero), ...page.json.supprimes.map((s) => s.numero));
      curseur = page.json.curseur;
      encore = page.json.encore;
    }
    expect(vus.sort()).toEqual([...numeros].sort());
  });

  it('refuse un curseur fabriqué (400) et une limite hors bornes (400)', async () => {
    const r = await appeler(`${b.api}/teledossiers?depuis=nimportequoi`, { token });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ erreur: 'curseur_invalide' });
    const l = await appeler(`${b.api}/teledossiers?depuis=&limite=5000`, { token });
    expect(l.status).toBe(400);
    expect(l.json).toMatchObject({ erreur: 'requete_invalide' });
    expect(typeof (l.json as { message: string }).message).toBe('string');
  });

  it('liste filtrée : tri du plus récent, filtres, pagination, sans les dossiers clos', async () => {
    const r = await appeler<ListeFiltree>(`${b.api}/teledossiers?parPage=200`, { token });
    expect(listeFiltreeSchema.safeParse(r.json).success).toBe(true);
    const tous = r.json.elements;
    expect(r.json.total).toBe(tous.length);
    expect(tous.every((d) => d.etat !== 100)).toBe(true);
    const dates = tous.map((d) => d.deposeLe);
    expect(dates).toEqual([...dates].sort().reverse());
    const incr = await tout(token);
    expect(r.json.total).toBe(incr.elements.length);

    const premier = tous[0]!;
    const parEtat = await appeler<ListeFiltree>(`${b.api}/teledossiers?etat=${premier.etat}&parPage=200`, {
      token,
    });
    expect(parEtat.json.elements.every((d) => d.etat === premier.etat)).toBe(true);
    expect(parEtat.json.total).toBe(tous.filter((d) => d.etat === premier.etat).length);

    const parDemarche = await appeler<ListeFiltree>(
      `${b.api}/teledossiers?demarche=${premier.demarche.code}&parPage=200`,
      { token },
    );
    expect(parDemarche.json.total).toBe(tous.filter((d) => d.demarche.code === premier.demarche.code).length);

    const prefixe = premier.numero.slice(0, 6).toLowerCase();
    const parNumero = await appeler<ListeFiltree>(`${b.api}/teledossiers?numero=${prefixe}`, { token });
    expect(parNumero.json.elements.map((d) => d.numero)).toContain(premier.numero);
    expect(parNumero.json.elements.every((d) => d.numero.startsWith(prefixe.toUpperCase()))).toBe(true);

    const du = tous[2]!.deposeLe;
    const parDate = await appeler<ListeFiltree>(
      `${b.api}/teledossiers?du=${encodeURIComponent(du)}&parPage=200`,
      { token },
    );
    expect(parDate.json.total).toBe(3);

    const page2 = await appeler<ListeFiltree>(`${b.api}/teledossiers?page=2&parPage=2`, { token });
    expect(page2.json).toMatchObject({ page: 2, parPage: 2, total: tous.length });
    expect(page2.json.elements.map((d) => d.numero)).toEqual(tous.slice(2, 4).map((d) => d.numero));
  });

  it('détail avec historique cohérent ; 404 pour le numéro d’un autre service ; 400 pour un numéro mal formé', async () => {
    const liste = await tout(token);
    const numero = liste.elements[0]!.numero;
    const r = await appeler<DossierDetail>(`${b.api}/teledossiers/${numero}`, { token });
    expect(r.status).toBe(200);
    expect(dossierDetailSchema.safeParse(r.json).success).toBe(true);
    expect(r.json.historique[0]).toMatchObject({ etat: 5, par: null });
    expect(r.json.historique.at(-1)!.etat).toBe(r.json.etat);
    expect(r.json.revision).toBe(r.json.historique.length);
    expect(Date.parse(r.json.expireLe) - Date.parse(r.json.deposeLe)).toBe(30 * 24 * 3600 * 1000);

    const ailleurs = await appeler(`${b.api}/teledossiers/${numero}`, { token: tokenAutreService });
    expect(ailleurs.status).toBe(404);
    expect(ailleurs.json).toMatchObject({ erreur: 'dossier_introuvable' });
    expect(
      (await appeler(`${b.api}/teledossiers/${numero}/archive`, { token: tokenAutreService })).status,
    ).toBe(404);
    const autres = await tout(tokenAutreService);
    expect(autres.elements.map((d) => d.numero)).not.toContain(numero);

    const mal = await appeler(`${b.api}/teledossiers/pas-un-numero`, { token });
    expect(mal.status).toBe(400);
    expect(mal.json).toMatchObject({ erreur: 'requete_invalide' });
  });
});
