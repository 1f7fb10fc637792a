import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClotureResponse,
  DossierDetail,
  ListeFiltree,
  ListeIncrementale,
} from '../../src/shared/api/schemas.js';
import { pdfDemo } from '../../src/server/demo/index.js';
import { appeler, arreterBanc, cle, comptes, connecter, demarrerBanc, type Banc } from './aides.js';

let b: Banc;
let token: string;
let token2: string;
let tokenAutre: string;
beforeAll(async () => {
  b = await demarrerBanc(160);
  const c = comptes(b);
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
  token2 = await connecter(b.api, c.agent2.identifiant, c.agent2.motDePasse);
  const autre = comptes(b, 1);
  tokenAutre = await connecter(b.api, autre.agent.identifiant, autre.agent.motDePasse);
});
afterAll(() => arreterBanc(b));

async function ouverts(filtre = ''): Promise<ListeFiltree['elements']> {
  const r = await appeler<ListeFiltree>(`${b.api}/teledossiers?parPage=200${filtre}`, { token });
  return r.json.elements;
}
const detail = async (numero: string) =>
  (await appeler<DossierDetail>(`${b.api}/teledossiers/${numero}`, { token })).json;
const changer = (numero: string, corps: Record<string, unknown>, t = token) =>
  appeler<Record<string, unknown>>(`${b.api}/teledossiers/${numero}/etat`, { token: t, body: corps });

describe("changement d'état", () => {
  it('applique une transition permise : historique, révision + 1, dernier commentaire, nouvelle séquence', async () => {
    const d = (await ouverts('&etat=5')).find((x) => x.demarche.code !== 'recensement-citoyen')!;
    const avant = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, { token });
    const r = await changer(d.numero, {
      etat: 15,
      commentaire: '  Bien reçu.  ',
      revision: d.revision,
      cle: cle(),
    });
    expect(r.status).toBe(200);
    const apres = r.json as unknown as DossierDetail;
    expect(apres).toMatchObject({ etat: 15, revision: d.revision + 1, dernierCommentaire: 'Bien reçu.' });
    expect(apres.historique.at(-1)).toMatchObject({
      etat: 15,
      commentaire: 'Bien reçu.',
      par: comptes(b).agent.identifiant,
    });
    const suite = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${avant.json.curseur}`, {
      token,
    });
    expect(suite.json.elements.map((x) => x.numero)).toEqual([d.numero]);
    expect(suite.json.elements[0]).toMatchObject({ etat: 15, revision: d.revision + 1 });
  });

  it('422 pour chaque refus du workflow : transition interdite, état inconnu, commentaire obligatoire, pièce obligatoire', async () => {
    const d = (await ouverts('&etat=5')).find((x) => x.demarche.code !== 'recensement-citoyen')!;
    const interdite = await changer(d.numero, { etat: 16, revision: d.revision, cle: cle() });
    expect(interdite.status).toBe(422);
    expect(interdite.json).toMatchObject({ erreur: 'transition_interdite' });
    const inconnu = await changer(d.numero, { etat: 42, revision: d.revision, cle: cle() });
    expect(inconnu.json).toMatchObject({ erreur: 'etat_inconnu' });

    const en15 = (await changer(d.numero, { etat: 15, revision: d.revision, cle: cle() }))
      .json as unknown as DossierDetail;
    const sansCommentaire = await changer(d.numero, {
      etat: 17,
      commentaire: '   ',
      revision: en15.revision,
      cle: cle(),
    });
    expect(sansCommentaire.status).toBe(422);
    expect(sansCommentaire.json).toMatchObject({ erreur: 'commentaire_obligatoire' });
    expect((await detail(d.numero)).revision).toBe(en15.revision);

    const recensement = (await ouverts('&demarche=recensement-citoyen'))[0]!;
    const sansPiece = await changer(recensement.numero, {
      etat: 100,
      revision: recensement.revision,
      cle: cle(),
    });
    expect(sansPiece.status).toBe(422);
    expect(sansPiece.json).toMatchObject({ erreur: 'piece_obligatoire', slot: 'attestation' });
    // With the attestation uploaded first, closing is accepted.
    const form = new FormData();
    form.append('slot', 'attestation');
    form.append(
      'fichier',
      new Blob([pdfDemo('Attestation de recensement', ['Délivrée par la mairie.'])], {
        type: 'application/pdf',
      }),
      'attestation.pdf',
    );
    const depot = await appeler(`${b.api}/teledossiers/${recensement.numero}/pieces`, { token, form });
    expect(depot.status).toBe(201);
    const clos = await changer(recensement.numero, { etat: 100, revision: recensement.revision, cle: cle() });
    expect(clos.status).toBe(200);
    expect(clos.json).toMatchObject({ etat: 100, piecesDeposees: [{ slot: 'attestation' }] });
  });

  it('409 conflit avec le dossier courant quand la révision est périmée', async () => {
    const d = (await ouverts('&etat=5'))[0]!;
    const premier = await changer(d.numero, { etat: 15, revision: d.revision, cle: cle() }, token2);
    expect(premier.status).toBe(200);
    const conflit = await changer(d.numero, { etat: 100, revision: d.revision, cle: cle() });
    expect(conflit.status).toBe(409);
    expect(conflit.json).toMatchObject({
      erreur: 'conflit',
      dossier: { numero: d.numero, etat: 15, revision: d.revision + 1 },
    });
    expect(typeof conflit.json.message).toBe('string');
  });

  it('rejoue la même réponse pour la même clé (historique une seule fois) ; 422 si la clé sert à autre chose', async () => {
    const d = (await ouverts('&etat=5'))[0]!;
    const k = cle();
    const corps = { etat: 15, commentaire: 'Une fois', revision: d.revision, cle: k };
    const r1 = await changer(d.numero, corps);
    const r2 = await changer(d.numero, corps);
    expect(r1.status).toBe(200);
    expect(r2.status).toBe(200);
    expect(r2.json).toEqual(r1.json);
    const apres = await detail(d.numero);
    expect(apres.historique.filter((h) => h.commentaire === 'Une fois')).toHaveLength(1);
    expect(apres.revision).toBe(d.revision + 1);
    const autre = await changer(d.numero, { ...corps, etat: 100 });
    expect(autre.status).toBe(422);
    expect(autre.json).toMatchObject({ erreur: 'cle_reutilisee' });
    // An error answer is replayed too, status included.
    const k2 = cle();
    const refus1 = await changer(d.numero, { etat: 15, revision: 1, cle: k2 });
    const refus2 = await changer(d.numero, { etat: 15, revision: 1, cle: k2 });
    expect(refus1.status).toBe(409);
    expect(refus2.status).toBe(409);
    expect(refus2.json).toEqual(refus1.json);
  });

  it('404 pour un dossier d’un autre service, 400 pour un corps invalide ou un JSON cassé', async () => {
    const d = (await ouverts())[0]!;
    const ailleurs = await changer(d.numero, { etat: 15, revision: d.revision, cle: cle() }, tokenAutre);
    expect(ailleurs.status).toBe(404);
    const invalide = await changer(d.numero, { etat: 'reçu', revision: d.revision, cle: 'court' });
    expect(invalide.status).toBe(400);
    expect(invalide.json).toMatchObject({ erreur: 'requete_invalide' });
    expect((invalide.json.details as unknown[]).length).toBeGreaterThanOrEqual(2);
    const casse = await appeler(`${b.api}/teledossiers/${d.numero}/etat`, { token, body: '{"etat": 15,' });
    expect(casse.status).toBe(400);
    expect(casse.json).toMatchObject({ erreur: 'json_invalide' });
    expect((await detail(d.numero)).revision).toBe(d.revision);
  });
});

describe('clôture en masse', () => {
  it('clôt chaque dossier indépendamment, idempotente par clé, et les retire des listes', async () => {
    const liste = await ouverts();
    const normaux = liste.filter((x) => x.demarche.code !== 'recensement-citoyen').slice(0, 3);
    const recensement = liste.find((x) => x.demarche.code === 'recensement-citoyen')!;
    const etranger = (await appeler<ListeFiltree>(`${b.api}/teledossiers`, { token: tokenAutre })).json
      .elements[0]!;
    const numeros = [...normaux.map((x) => x.numero), recensement.numero, etranger.numero];
    const avant = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, { token });
    const k = cle();
    const r = await appeler<ClotureResponse>(`${b.api}/teledossiers/cloture`, {
      token,
      body: { numeros, commentaire: 'Clôture en masse', cle: k },
    });
    expect(r.status).toBe(200);
    const parNumero = new Map(r.json.resultats.map((x) => [x.numero, x]));
    for (const n of normaux)
      expect(parNumero.get(n.numero)).toMatchObject({ ok: true, revision: n.revision + 1 });
    expect(parNumero.get(recensement.numero)).toMatchObject({ ok: false, erreur: 'piece_obligatoire' });
    expect(parNumero.get(etranger.numero)).toMatchObject({ ok: false, erreur: 'dossier_introuvable' });

    const rejoue = await appeler<ClotureResponse>(`${b.api}/teledossiers/cloture`, {
      token,
      body: { numeros, commentaire: 'Clôture en masse', cle: k },
    });
    expect(rejoue.json).toEqual(r.json);
    const encore = await appeler<ClotureResponse>(`${b.api}/teledossiers/cloture`, {
      token,
      body: { numeros: [normaux[0]!.numero], cle: cle() },
    });
    expect(encore.json.resultats[0]).toMatchObject({ ok: false, erreur: 'deja_clos' });

    const filtree = (await ouverts()).map((x) => x.numero);
    for (const n of normaux) expect(filtree).not.toContain(n.numero);
    const suite = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${avant.json.curseur}`, {
      token,
    });
    expect(suite.json.supprimes).toEqual(
      normaux.map((n) => ({ numero: n.numero, motif: 'cloture', le: expect.any(String) as unknown })),
    );
    expect(suite.json.elements).toEqual([]);
    // A closed dossier stays readable (and archivable) until the retention purge.
    const clos = await detail(normaux[0]!.numero);
    expect(clos).toMatchObject({ etat: 100, dernierCommentaire: 'Clôture en masse' });
    expect((await appeler(`${b.api}/teledossiers/${normaux[0]!.numero}/archive`, { token })).status).toBe(
      200,
    );
  });
});
