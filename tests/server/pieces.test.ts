import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierDetail, ListeFiltree } from '../../src/shared/api/schemas.js';
import { pdfDemo } from '../../src/server/demo/index.js';
import { soumettreFichier } from '../../src/server/index.js';
import { appeler, arreterBanc, comptes, connecter, demarrerBanc, type Banc } from './aides.js';

let b: Banc;
let token: string;
let tokenAutre: string;
beforeAll(async () => {
  b = await demarrerBanc(40);
  const c = comptes(b);
  // Fresh submissions (état 5) for this service, as the CLI `submit` does beside a running server.
  await soumettreFichier({
    db: b.db,
    nombre: 6,
    codeInsee: c.service.codeInsee,
    courriels: b.courriels,
    graine: 'pieces',
    journal: b.journal,
  });
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
  tokenAutre = await connecter(b.api, comptes(b, 1).agent.identifiant, comptes(b, 1).agent.motDePasse);
});
afterAll(() => arreterBanc(b));

function formulaire(
  slot: string | null,
  contenu: Uint8Array | null,
  nom = 'piece.pdf',
  type = 'application/pdf',
): FormData {
  const f = new FormData();
  if (slot !== null) f.append('slot', slot);
  if (contenu) f.append('fichier', new Blob([contenu], { type }), nom);
  return f;
}
const deposer = (numero: string, form: FormData, t = token) =>
  appeler<Record<string, unknown>>(`${b.api}/teledossiers/${numero}/pieces`, { token: t, form });
async function unDossier(etat: number): Promise<string> {
  const r = await appeler<ListeFiltree>(`${b.api}/teledossiers?etat=${etat}&parPage=200`, { token });
  const d = r.json.elements[0];
  if (!d) throw new Error(`aucun dossier à l'état ${etat}`);
  return d.numero;
}

describe('dépôt de pièces jointes', () => {
  it('201 avec empreinte, nom nettoyé, visible dans le détail', async () => {
    const numero = await unDossier(5);
    const pdf = pdfDemo('Récépissé', ['Dossier reçu.']);
    const r = await deposer(numero, formulaire('attestation', pdf, '../../etc/Récépissé<1>.pdf'));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      slot: 'attestation',
      nom: 'Récépissé_1_.pdf',
      taille: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    expect(typeof r.json.id).toBe('string');
    const d = (await appeler<DossierDetail>(`${b.api}/teledossiers/${numero}`, { token })).json;
    expect(d.piecesDeposees).toEqual([r.json]);
    // Uploading does not change the revision (a queued state change stays valid).
    expect(d.revision).toBe(d.historique.length);
  });

  it('422 pour un emplacement que l’état du dossier ne permet pas', async () => {
    const numero = await unDossier(5);
    // From 5, the next states are 15 (récépissé) and 100 (attestation): both slots are open.
    expect((await deposer(numero, formulaire('recepisse', pdfDemo('R', ['x'])))).status).toBe(201);
    let d = (await appeler<DossierDetail>(`${b.api}/teledossiers/${numero}`, { token })).json;
    for (const etat of [15, 16]) {
      const r = await appeler<DossierDetail>(`${b.api}/teledossiers/${numero}/etat`, {
        token,
        body: { etat, revision: d.revision, cle: `pieces-${numero}-${etat}` },
      });
      expect(r.status).toBe(200);
      d = r.json;
    }
    // From 16 (→ 17, 100) the récépissé slot is closed.
    const r = await deposer(numero, formulaire('recepisse', pdfDemo('R', ['x'])));
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ erreur: 'slot_non_autorise', slotsAutorises: ['attestation'] });
    const inconnu = await deposer(numero, formulaire('photo', pdfDemo('R', ['x'])));
    expect(inconnu.status).toBe(422);
    // A closed dossier accepts nothing.
    const clos = await appeler(`${b.api}/teledossiers/${numero}/etat`, {
      token,
      body: { etat: 100, revision: d.revision, cle: `pieces-${numero}-100` },
    });
    expect(clos.status).toBe(200);
    expect((await deposer(numero, formulaire('attestation', pdfDemo('A', ['x'])))).status).toBe(422);
  });

  it('413 au-delà de la taille maximale de l’emplacement', async () => {
    const numero = await unDossier(5);
    const gros = Buffer.alloc(1024 * 1024 + 10, 0x20);
    Buffer.from('%PDF-1.4\n').copy(gros);
    Buffer.from('\n%%EOF\n').copy(gros, gros.length - 7);
    const r = await deposer(numero, formulaire('attestation', gros));
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ erreur: 'trop_volumineux', tailleMax: 1024 * 1024 });
    // Announced far too big: refused before reading.
    const enorme = Buffer.alloc(3 * 1024 * 1024, 0x41);
    const r2 = await deposer(numero, formulaire('attestation', enorme));
    expect(r2.status).toBe(413);
  });

  it('415 quand les octets ne sont pas un PDF (texte renommé, PDF tronqué)', async () => {
    const numero = await unDossier(5);
    const texte = await deposer(
      numero,
      formulaire('attestation', Buffer.from('Bonjour, ceci est un texte.\n'), 'attestation.pdf'),
    );
    expect(texte.status).toBe(415);
    expect(texte.json).toMatchObject({ erreur: 'format_non_accepte' });
    const tronque = pdfDemo('T', ['x']).subarray(0, 200);
    expect((await deposer(numero, formulaire('attestation', tronque))).status).toBe(415);
    const d = (await appeler<DossierDetail>(`${b.api}/teledossiers/${numero}`, { token })).json;
    expect(d.piecesDeposees.filter((p) => p.nom === 'attestation.pdf')).toEqual([]);
  });

  it('400 sans slot ou sans fichier, 415 sans multipart, 404 pour un autre service', async () => {
    const numero = await unDossier(5);
    expect((await deposer(numero, formulaire(null, pdfDemo('x', ['y'])))).status).toBe(400);
    expect((await deposer(numero, formulaire('attestation', null))).status).toBe(400);
    const json = await appeler(`${b.api}/teledossiers/${numero}/pieces`, {
      token,
      body: { slot: 'attestation' },
    });
    expect(json.status).toBe(415);
    expect(json.json).toMatchObject({ erreur: 'type_non_supporte' });
    expect((await deposer(numero, formulaire('attestation', pdfDemo('x', ['y'])), tokenAutre)).status).toBe(
      404,
    );
  });
});
