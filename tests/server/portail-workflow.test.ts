import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierDetail, ListeIncrementale } from '../../src/shared/api/schemas.js';
import { PORTAIL, portailCitoyen } from '../../src/shared/workflow/index.js';
import { pdfDemo } from '../../src/server/demo/index.js';
import { annuler, ErreurUsager, fournir, rectifier } from '../../src/server/usager/index.js';
import { appeler, arreterBanc, cle, comptes, connecter, demarrerBanc, type Banc } from './aides.js';
import { amener, changer, demandesPortail, detail, listeFiltree } from './aides-portail.js';

let b: Banc;
let token: string;
let admin: string;
const TOUS = portailCitoyen.etats.map((e) => e.code);

beforeAll(async () => {
  b = await demarrerBanc(40);
  const c = comptes(b);
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
  admin = await connecter(b.api, c.admin.identifiant, c.admin.motDePasse);
});
afterAll(() => arreterBanc(b));

describe('workflow « portail-citoyen » servi par /workflows', () => {
  it('sert les deux workflows, et les démarches de portail y sont liées', async () => {
    const w = await appeler<{ workflows: { code: string }[] }>(`${b.api}/workflows`, { token });
    expect(w.json.workflows.map((x) => x.code).sort()).toEqual(['guichet-de-suivi', 'portail-citoyen']);
    const d = await appeler<{ demarches: { code: string; workflow: string }[] }>(`${b.api}/demarches`, {
      token,
    });
    const portail = d.json.demarches.filter((x) => x.workflow === 'portail-citoyen').map((x) => x.code);
    expect(portail.sort()).toEqual(
      [
        'contacter-mairie',
        'fiche-enfant',
        'location-salle-municipale',
        'reservation-cantine-garderie',
      ].sort(),
    );
  });
});

describe("transitions de l'agent", () => {
  for (const etat of portailCitoyen.etats) {
    it(`depuis « ${etat.libelle} » (${etat.code}) : permises ${JSON.stringify(etat.transitions)}, les autres refusées`, async () => {
      const numeros = await demandesPortail(b, etat.transitions.length + 1);
      // Refused ones on one demande (nothing changes), allowed ones each on a fresh demande.
      const refusee = numeros[0]!;
      await amener(b, token, refusee, etat.code);
      for (const cible of TOUS.filter((c) => !etat.transitions.includes(c))) {
        const r = await changer(b, token, refusee, cible, 'Un commentaire.');
        expect(r.status, `${etat.code} → ${cible}`).toBe(422);
        expect(r.json.erreur).toBe('transition_interdite');
      }
      expect((await detail(b, token, refusee)).etat).toBe(etat.code);
      for (const [i, cible] of etat.transitions.entries()) {
        const numero = numeros[i + 1]!;
        await amener(b, token, numero, etat.code);
        const c = portailCitoyen.etats.find((e) => e.code === cible)!;
        if (c.commentaireObligatoire) {
          const sans = await changer(b, token, numero, cible);
          expect(sans.status).toBe(422);
          expect(sans.json.erreur).toBe('commentaire_obligatoire');
          expect(String(sans.json.message)).toContain(c.libelleCommentaire ?? 'commentaire');
        }
        const r = await changer(b, token, numero, cible, 'Commentaire de l’agent.');
        expect(r.status, `${etat.code} → ${cible}`).toBe(200);
        expect((r.json as unknown as DossierDetail).etat).toBe(cible);
      }
    });
  }

  it("« rectifié » n'est jamais donné par l'agent, même depuis « incomplet »", async () => {
    const [n] = await demandesPortail(b, 1);
    await amener(b, token, n!, PORTAIL.incomplet);
    const r = await changer(b, token, n!, PORTAIL.rectifie, 'Je rectifie à sa place.');
    expect(r.status).toBe(422);
    expect(r.json.erreur).toBe('transition_interdite');
  });
});

describe("transitions de l'usager", () => {
  it('rectifier : seulement depuis « incomplet » ; historique par null, révision + 1', async () => {
    const [a, c] = await demandesPortail(b, 2);
    expect(() => rectifier(b.serveur.guichet, a!)).toThrow(ErreurUsager);
    await amener(b, token, a!, PORTAIL.incomplet);
    const avant = await detail(b, token, a!);
    rectifier(b.serveur.guichet, a!, 'J’ai joint le document.');
    const apres = await detail(b, token, a!);
    expect(apres.etat).toBe(PORTAIL.rectifie);
    expect(apres.revision).toBe(avant.revision + 1);
    expect(apres.historique.at(-1)).toMatchObject({
      par: null,
      etat: PORTAIL.rectifie,
      commentaire: 'J’ai joint le document.',
    });
    // The agent's comment (what is missing) stays the last one the citizen read.
    expect(apres.dernierCommentaire).toBe(avant.dernierCommentaire);
    expect(() => rectifier(b.serveur.guichet, a!)).toThrow(/Rectifié/);
    await amener(b, token, c!, PORTAIL.complet);
    expect(() => rectifier(b.serveur.guichet, c!)).toThrow(ErreurUsager);
  });

  it('annuler : motif obligatoire, possible jusqu’à la décision, refusé ensuite', async () => {
    const numeros = await demandesPortail(b, 6);
    const etats = [
      PORTAIL.enAttente,
      PORTAIL.enTraitement,
      PORTAIL.incomplet,
      PORTAIL.rectifie,
      PORTAIL.complet,
    ];
    for (const [i, etat] of etats.entries()) {
      const n = numeros[i]!;
      await amener(b, token, n, etat);
      expect(() => annuler(b.serveur.guichet, n, '  ')).toThrow(/motif/i);
      annuler(b.serveur.guichet, n, 'Nous déménageons.');
      const d = await detail(b, token, n);
      expect(d.etat).toBe(PORTAIL.annule);
      expect(d.historique.at(-1)).toMatchObject({
        par: null,
        etat: PORTAIL.annule,
        commentaire: 'Nous déménageons.',
      });
      expect(d.dernierCommentaire).toBe('Nous déménageons.');
    }
    const n = numeros[5]!;
    await amener(b, token, n, PORTAIL.valide);
    expect(() => annuler(b.serveur.guichet, n, 'Trop tard.')).toThrow(/Validé/);
  });

  it('fournir sur une demande terminée est refusé, en français', async () => {
    const [n] = await demandesPortail(b, 1);
    await amener(b, token, n!, PORTAIL.rejete);
    const j = (await detail(b, token, n!)).portail!.justificatifs[0]!;
    expect(() => fournir(b.serveur.guichet, n!, j.id, { nom: 'a.pdf', octets: Buffer.from('x') })).toThrow(
      /n'est plus modifiable/,
    );
  });
});

describe('de l’arrivée à la décision', () => {
  it('correction demandée → justificatif fourni (rectifié, « à revoir ») → justificatif validé → validé', async () => {
    const [n] = await demandesPortail(b, 1, 'fiche-enfant');
    const numero = n!;
    const initial = await detail(b, token, numero);
    expect(initial.etat).toBe(PORTAIL.enAttente);
    expect(initial.portail?.demandeur.nom).toMatch(/\S/);
    const j = initial.portail!.justificatifs[0]!;
    // 1. The agent asks for a correction: incomplet, with what is missing; the citizen gets a message.
    const r1 = await changer(b, token, numero, PORTAIL.incomplet, `Merci de fournir : « ${j.libelle} ».`);
    expect(r1.status).toBe(200);
    const d1 = r1.json as unknown as DossierDetail;
    expect(d1.revision).toBe(initial.revision + 1);
    const auto = d1.portail!.messages.at(-1)!;
    expect(auto).toMatchObject({
      sens: 'mairie',
      sujet: 'Votre demande est incomplète',
      par: comptes(b).agent.identifiant,
    });
    expect(auto.texte).toContain(j.libelle);
    // 2. The citizen provides the file.
    const pdf = Buffer.from(pdfDemo('Attestation CAF', ['Quotient familial : 742 €']));
    const fourni = fournir(b.serveur.guichet, numero, j.id, { nom: 'caf.pdf', octets: pdf });
    expect(fourni).toMatchObject({
      statut: 'fourni',
      fichier: { nom: 'caf.pdf', type: 'application/pdf', taille: pdf.length },
    });
    // 3. The dossier shows rectifié (À revoir).
    const d3 = await detail(b, token, numero);
    expect(d3.etat).toBe(PORTAIL.rectifie);
    expect(portailCitoyen.etats.find((e) => e.code === d3.etat)?.aRevoir).toBe(true);
    expect(d3.historique.at(-1)).toMatchObject({ par: null, etat: PORTAIL.rectifie });
    const aRevoir = await listeFiltree(b, token, `etat=${PORTAIL.rectifie}`);
    expect(aRevoir.elements.map((x) => x.numero)).toContain(numero);
    // 4. The agent validates the justificatif (the file examined is the one provided).
    const r4 = await appeler<DossierDetail>(
      `${b.api}/teledossiers/${numero}/justificatifs/${j.id}/decision`,
      {
        token,
        body: { statut: 'valide', fichier: fourni.fichier!.id, cle: cle() },
      },
    );
    expect(r4.status).toBe(200);
    expect(r4.json.portail!.justificatifs.find((x) => x.id === j.id)).toMatchObject({
      statut: 'valide',
      decidePar: comptes(b).agent.identifiant,
    });
    // 5. The agent decides validé (etatClos): the incremental listing reports it closed.
    const avant = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, {
      token: admin,
    });
    const r5 = await changer(b, token, numero, PORTAIL.valide, 'Vous pouvez réserver les repas.');
    expect(r5.status).toBe(200);
    expect((r5.json as unknown as DossierDetail).portail!.messages.at(-1)?.sujet).toBe(
      'Votre demande a été validée',
    );
    const suite = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${avant.json.curseur}`, {
      token: admin,
    });
    expect(suite.json.supprimes).toContainEqual(expect.objectContaining({ numero, motif: 'cloture' }));
  });
});

describe('présentation', () => {
  it('liste filtrée, liste incrémentale et détail portent « portail » pour les seules demandes de portail', async () => {
    const [n] = await demandesPortail(b, 1);
    const filtree = await listeFiltree(b, token, '');
    const incr = (await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, { token }))
      .json;
    const workflows = new Map(
      (
        await appeler<{ demarches: { code: string; workflow: string }[] }>(`${b.api}/demarches`, { token })
      ).json.demarches.map((d) => [d.code, d.workflow]),
    );
    for (const d of [...filtree.elements, ...incr.elements]) {
      expect(d.portail !== undefined, d.numero).toBe(workflows.get(d.demarche.code) === 'portail-citoyen');
    }
    expect(incr.elements.find((d) => d.numero === n)?.portail?.justificatifs.length).toBeGreaterThan(0);
    const suivi = filtree.elements.find((d) => d.portail === undefined)!;
    expect('portail' in (await detail(b, token, suivi.numero))).toBe(false);
  });
});
