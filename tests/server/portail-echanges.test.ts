import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierDetail, ListeFiltree, ListeIncrementale } from '../../src/shared/api/schemas.js';
import { PORTAIL, portailCitoyen } from '../../src/shared/workflow/index.js';
import { pdfDemo } from '../../src/server/demo/index.js';
import {
  annulerRendezVousUsager,
  fournir,
  lireMessages,
  prendreRendezVous,
  repondre,
} from '../../src/server/usager/index.js';
import {
  appeler,
  arreterBanc,
  attendre,
  cle,
  comptes,
  connecter,
  decoderQuotedPrintable,
  demarrerBanc,
  fichiersEml,
  type Banc,
} from './aides.js';
import { amener, demandesPortail, detail } from './aides-portail.js';

let b: Banc;
let token: string;
let tokenAutre: string;
const limites = portailCitoyen.echanges!;
const PDF = Buffer.from(pdfDemo('Courrier de la mairie', ['Votre demande est bien enregistrée.']));
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

beforeAll(async () => {
  b = await demarrerBanc(40);
  const c = comptes(b);
  // An INSTRUCTION agent (not an administrator): every portal route is open to agents.
  expect(c.agent.habilitation).toBe('INSTRUCTION');
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
  const autre = comptes(b, 1);
  tokenAutre = await connecter(b.api, autre.agent.identifiant, autre.agent.motDePasse);
});
afterAll(() => arreterBanc(b));

function formulaire(
  champs: Record<string, string>,
  fichiers: { nom: string; octets: Uint8Array; type?: string }[] = [],
): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(champs)) f.append(k, v);
  for (const p of fichiers)
    f.append('fichier', new Blob([p.octets], { type: p.type ?? 'application/pdf' }), p.nom);
  return f;
}
const ecrire = (numero: string, form: FormData, t = token) =>
  appeler<Record<string, unknown>>(`${b.api}/teledossiers/${numero}/messages`, { token: t, form });
const decider = (numero: string, id: string, corps: Record<string, unknown>, t = token) =>
  appeler<Record<string, unknown>>(`${b.api}/teledossiers/${numero}/justificatifs/${id}/decision`, {
    token: t,
    body: { cle: cle(), ...corps },
  });
const courrielsPour = (motif: string) => fichiersEml(b.courriels).filter((f) => f.nom.includes(motif));

describe("messages de la mairie à l'usager", () => {
  it('201 : le détail porte le message et ses pièces, la liste incrémentale le ramène, l’usager reçoit un courriel', async () => {
    const [numero] = await demandesPortail(b, 1);
    const avant = await detail(b, token, numero!);
    const curseur = (await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, { token }))
      .json.curseur;
    const r = await ecrire(
      numero!,
      formulaire(
        { sujet: 'Pièce manquante', texte: 'Bonjour, merci de nous envoyer votre attestation.', cle: cle() },
        [
          { nom: '../../courrier<1>.pdf', octets: PDF },
          { nom: 'plan.png', octets: PNG, type: 'image/png' },
        ],
      ),
    );
    expect(r.status).toBe(201);
    const d = r.json as unknown as DossierDetail;
    expect(d.revision).toBe(avant.revision + 1);
    const m = d.portail!.messages.at(-1)!;
    expect(m).toMatchObject({
      sens: 'mairie',
      sujet: 'Pièce manquante',
      par: comptes(b).agent.identifiant,
      luParUsagerLe: null,
    });
    expect(m.parNom).toMatch(/\S+ \S+/);
    expect(m.pieces.map((p) => [p.nom, p.type])).toEqual([
      ['courrier_1_.pdf', 'application/pdf'],
      ['plan.png', 'image/png'],
    ]);
    const suite = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${curseur}`, { token });
    expect(suite.json.elements.map((x) => x.numero)).toEqual([numero]);
    expect(suite.json.elements[0]!.portail!.messages.at(-1)!.id).toBe(m.id);
    const filtree = await appeler<ListeFiltree>(`${b.api}/teledossiers?numero=${numero}`, { token });
    expect(filtree.json.elements[0]!.portail!.messages.at(-1)!.id).toBe(m.id);
    // Downloaded as bytes to save, with the detected type.
    const f = await appeler(`${b.api}/teledossiers/${numero}/messages/${m.id}/fichiers/${m.pieces[0]!.id}`, {
      token,
    });
    expect(f.status).toBe(200);
    expect(f.headers.get('content-type')).toBe('application/pdf');
    expect(f.headers.get('content-disposition')).toMatch(/^attachment; filename="courrier_1_\.pdf"/);
    expect(f.headers.get('x-content-type-options')).toBe('nosniff');
    expect(f.octets.equals(PDF)).toBe(true);
    const inconnu = await appeler(`${b.api}/teledossiers/${numero}/messages/${m.id}/fichiers/inconnu`, {
      token,
    });
    expect(inconnu.status).toBe(404);
    await attendre(() => courrielsPour(`usager-${numero}`).length > 0);
    const mail = courrielsPour(`usager-${numero}`)[0]!.contenu;
    expect(mail).toContain(`To: ${d.courriel}`);
    expect(decoderQuotedPrintable(mail)).toContain('merci de nous envoyer votre attestation');
  });

  it('idempotent par « cle » : le rejeu rend la première réponse sans second message ; une autre demande sur la même clé est refusée', async () => {
    const [numero] = await demandesPortail(b, 1);
    const k = cle();
    const champs = { sujet: 'Rappel', texte: 'Votre dossier attend une pièce.', cle: k };
    const r1 = await ecrire(numero!, formulaire(champs, [{ nom: 'a.pdf', octets: PDF }]));
    const r2 = await ecrire(numero!, formulaire(champs, [{ nom: 'a.pdf', octets: PDF }]));
    expect(r1.status).toBe(201);
    expect(r2.status).toBe(201);
    expect(r2.json).toEqual(r1.json);
    const d = await detail(b, token, numero!);
    expect(d.portail!.messages.filter((m) => m.sujet === 'Rappel')).toHaveLength(1);
    expect(d.revision).toBe((r1.json as unknown as DossierDetail).revision);
    const autre = await ecrire(numero!, formulaire({ ...champs, texte: 'Autre texte.' }));
    expect(autre.status).toBe(422);
    expect(autre.json.erreur).toBe('cle_reutilisee');
  });

  it('pièces hostiles refusées par leur contenu (415), trop grosses (413), trop nombreuses ou vides (422)', async () => {
    const [numero] = await demandesPortail(b, 1);
    const avant = await detail(b, token, numero!);
    const envoyer = (fichiers: { nom: string; octets: Uint8Array; type?: string }[]) =>
      ecrire(numero!, formulaire({ sujet: 'Essai', texte: 'Essai.', cle: cle() }, fichiers));
    const pdfSansFin = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n');
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(200)]);
    const html = Buffer.from('<!doctype html><html><script>alert(1)</script></html>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
    const polyglotteHtml = Buffer.from(
      '%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n',
    );
    const pdfActif = Buffer.from(
      '%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF\n',
    );
    const jpegZip = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.alloc(64),
      Buffer.from([0x50, 0x4b, 0x05, 0x06]),
      Buffer.alloc(18),
    ]);
    for (const [nom, octets, attendu] of [
      ['faux.pdf', pdfSansFin, 'format_non_accepte'],
      ['setup.pdf', exe, 'format_non_accepte'],
      ['page.pdf', html, 'format_non_accepte'],
      ['image.svg', svg, 'format_non_accepte'],
      ['archive.pdf', zip, 'format_non_accepte'],
      ['polyglotte.pdf', polyglotteHtml, 'contenu_refuse'],
      ['actif.pdf', pdfActif, 'contenu_refuse'],
      ['photo.jpg', jpegZip, 'contenu_refuse'],
    ] as const) {
      const r = await envoyer([{ nom, octets }]);
      expect(r.status, nom).toBe(415);
      expect(r.json.erreur, nom).toBe(attendu);
      expect(String(r.json.message)).toMatch(/[éà]/);
    }
    const gros = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.alloc(limites.tailleMax),
      Buffer.from('\n%%EOF\n'),
    ]);
    const r413 = await envoyer([{ nom: 'gros.pdf', octets: gros }]);
    expect(r413.status).toBe(413);
    expect(r413.json.erreur).toBe('trop_volumineux');
    const trop = await envoyer(
      Array.from({ length: limites.piecesMax + 1 }, (_, i) => ({ nom: `p${i}.pdf`, octets: PDF })),
    );
    expect(trop.status).toBe(422);
    expect(trop.json.erreur).toBe('trop_de_pieces');
    const vide = await envoyer([{ nom: 'vide.pdf', octets: new Uint8Array(0) }]);
    expect(vide.status).toBe(422);
    expect(vide.json.erreur).toBe('piece_vide');
    const long = await ecrire(
      numero!,
      formulaire({ sujet: 'Long', texte: 'x'.repeat(limites.texteMax + 1), cle: cle() }),
    );
    expect(long.status).toBe(422);
    const sansTexte = await ecrire(numero!, formulaire({ sujet: 'Vide', texte: '   ', cle: cle() }));
    expect(sansTexte.status).toBe(400);
    // Nothing was recorded.
    expect((await detail(b, token, numero!)).revision).toBe(avant.revision);
  });

  it('413 dès l’en-tête quand le corps annoncé ne peut pas tenir, sans attendre le corps', async () => {
    const [numero] = await demandesPortail(b, 1);
    const url = new URL(`${b.api}/teledossiers/${numero}/messages`);
    const statut = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'multipart/form-data; boundary=xyz',
            'content-length': String(200 * 1024 * 1024),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      // Only the first bytes: the answer must come without the other 200 Mo.
      req.write('--xyz\r\nContent-Disposition: form-data; name="sujet"\r\n\r\nA\r\n');
    });
    expect(statut).toBe(413);
  });
});

describe("messages de l'usager", () => {
  it('repondre : dans le fil (non lu côté mairie), pièce hostile stockée telle quelle avec son type réel, courriel à chaque agent actif', async () => {
    const [numero] = await demandesPortail(b, 1);
    const avant = await detail(b, token, numero!);
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const m = repondre(b.serveur.guichet, numero!, {
      sujet: 'Ma réponse',
      texte: 'Bonjour, voici le document.',
      pieces: [{ nom: 'document.pdf', octets: html }],
    });
    expect(m).toMatchObject({ sens: 'usager', par: null, sujet: 'Ma réponse' });
    expect(m.pieces[0]).toMatchObject({ nom: 'document.pdf', type: 'application/octet-stream' });
    const d = await detail(b, token, numero!);
    expect(d.revision).toBe(avant.revision + 1);
    expect(d.portail!.messages.at(-1)!.id).toBe(m.id);
    const f = await appeler(`${b.api}/teledossiers/${numero}/messages/${m.id}/fichiers/${m.pieces[0]!.id}`, {
      token,
    });
    expect(f.headers.get('content-type')).toBe('application/octet-stream');
    expect(f.headers.get('content-disposition')).toMatch(/^attachment;/);
    const actifs = comptes(b).service.utilisateurs.length;
    await attendre(() => courrielsPour(`echange-${numero}`).length === actifs);
    expect(decoderQuotedPrintable(courrielsPour(`echange-${numero}`)[0]!.contenu)).toContain('Ma réponse');
  });

  it('lireMessages : les messages de la mairie deviennent lus, la révision monte une fois', async () => {
    const [numero] = await demandesPortail(b, 1);
    await ecrire(numero!, formulaire({ sujet: 'Un', texte: 'Premier.', cle: cle() }));
    await ecrire(numero!, formulaire({ sujet: 'Deux', texte: 'Second.', cle: cle() }));
    const avant = await detail(b, token, numero!);
    expect(lireMessages(b.serveur.guichet, numero!)).toBe(2);
    const d = await detail(b, token, numero!);
    expect(d.revision).toBe(avant.revision + 1);
    expect(
      d.portail!.messages.filter((m) => m.sens === 'mairie').every((m) => m.luParUsagerLe !== null),
    ).toBe(true);
    expect(lireMessages(b.serveur.guichet, numero!)).toBe(0);
    expect((await detail(b, token, numero!)).revision).toBe(d.revision);
  });
});

describe('justificatifs', () => {
  it('valide, invalide avec motif (message automatique et courriel), 409 sur un fichier périmé, 422 sans fichier', async () => {
    const [numero] = await demandesPortail(b, 1, 'fiche-enfant');
    const d0 = await detail(b, token, numero!);
    const [j1, j2] = d0.portail!.justificatifs;
    const f1 = fournir(b.serveur.guichet, numero!, j1!.id, { nom: 'caf.pdf', octets: PDF });
    const t = await appeler(`${b.api}/teledossiers/${numero}/justificatifs/${j1!.id}/fichier`, { token });
    expect(t.status).toBe(200);
    expect(t.headers.get('content-type')).toBe('application/pdf');
    expect(t.headers.get('x-content-type-options')).toBe('nosniff');
    expect(t.headers.get('content-disposition')).toMatch(/^attachment; filename="caf\.pdf"/);
    // Invalide needs a motif.
    const sansMotif = await decider(numero!, j1!.id, { statut: 'invalide', fichier: f1.fichier!.id });
    expect(sansMotif.status).toBe(400);
    const inv = await decider(numero!, j1!.id, {
      statut: 'invalide',
      motif: 'Document de plus de 3 mois.',
      fichier: f1.fichier!.id,
    });
    expect(inv.status).toBe(200);
    const d1 = inv.json as unknown as DossierDetail;
    expect(d1.portail!.justificatifs[0]).toMatchObject({
      statut: 'invalide',
      motif: 'Document de plus de 3 mois.',
    });
    const auto = d1.portail!.messages.at(-1)!;
    expect(auto).toMatchObject({ sens: 'mairie', sujet: 'Un justificatif fourni a été refusé' });
    expect(auto.texte).toContain(j1!.libelle);
    expect(auto.texte).toContain('Document de plus de 3 mois.');
    await attendre(() => courrielsPour(`usager-${numero}`).length > 0);
    // The citizen sends a new file: deciding on the old one is a conflict, with the dossier.
    const f2 = fournir(b.serveur.guichet, numero!, j1!.id, { nom: 'caf-2.pdf', octets: PDF });
    expect(f2.statut).toBe('fourni');
    const perime = await decider(numero!, j1!.id, { statut: 'valide', fichier: f1.fichier!.id });
    expect(perime.status).toBe(409);
    expect(perime.json.erreur).toBe('conflit');
    expect((perime.json.dossier as DossierDetail).portail!.justificatifs[0]!.fichier!.id).toBe(
      f2.fichier!.id,
    );
    const ok = await decider(numero!, j1!.id, { statut: 'valide', fichier: f2.fichier!.id });
    expect(ok.status).toBe(200);
    expect(fournir.bind(null, b.serveur.guichet, numero!, j1!.id, { nom: 'x.pdf', octets: PDF })).toThrow(
      /déjà validé/,
    );
    // Not provided: nothing to decide.
    if (j2 && d0.portail!.justificatifs[1]!.statut === 'non-fourni') {
      const nf = await decider(numero!, j2.id, { statut: 'valide', fichier: 'rien' });
      expect(nf.status).toBe(422);
      expect(nf.json.erreur).toBe('justificatif_non_fourni');
    }
    const inconnu = await decider(numero!, 'inconnu', { statut: 'valide', fichier: 'rien' });
    expect(inconnu.status).toBe(404);
    // A terminal demande is no longer decided on.
    await amener(b, token, numero!, PORTAIL.rejete);
    const fini = await decider(numero!, j1!.id, { statut: 'valide', fichier: f2.fichier!.id });
    expect(fini.status).toBe(422);
    expect(fini.json.erreur).toBe('dossier_termine');
  });
});

describe('rendez-vous', () => {
  it("proposer, remplacer, annuler : l'usager est prévenu (message et courriel) ; 422 si déjà annulé", async () => {
    const [numero] = await demandesPortail(b, 1, 'location-salle-municipale');
    const avant = await detail(b, token, numero!);
    const rdv = (debut: string, fin: string, remplace?: string) =>
      appeler<Record<string, unknown>>(`${b.api}/teledossiers/${numero}/rendez-vous`, {
        token,
        body: {
          debut,
          fin,
          lieu: 'Salle des fêtes',
          objet: 'Visite de la salle',
          cle: cle(),
          ...(remplace ? { remplace } : {}),
        },
      });
    const r1 = await rdv('2027-03-04T09:00:00+01:00', '2027-03-04T09:30:00+01:00');
    expect(r1.status).toBe(201);
    const d1 = r1.json as unknown as DossierDetail;
    expect(d1.revision).toBe(avant.revision + 1);
    const premier = d1.portail!.rendezVous.at(-1)!;
    expect(premier).toMatchObject({ statut: 'planifie', lieu: 'Salle des fêtes', remplace: null });
    expect(d1.portail!.messages.at(-1)!.sujet).toBe('Un rendez-vous vous est proposé');
    expect(d1.portail!.messages.at(-1)!.texte).toContain('4 mars 2027 à 09:00');
    const fausse = await rdv('2027-03-04T10:00:00+01:00', '2027-03-04T09:00:00+01:00');
    expect(fausse.status).toBe(400);
    const r2 = await rdv('2027-03-05T14:00:00+01:00', '2027-03-05T14:30:00+01:00', premier.id);
    expect(r2.status).toBe(201);
    const d2 = r2.json as unknown as DossierDetail;
    expect(d2.portail!.rendezVous.find((r) => r.id === premier.id)).toMatchObject({
      statut: 'annule',
      annulePar: 'mairie',
    });
    const second = d2.portail!.rendezVous.find((r) => r.remplace === premier.id)!;
    expect(d2.portail!.messages.at(-1)!.sujet).toBe('Votre rendez-vous a été déplacé');
    const annuler = (id: string) =>
      appeler<Record<string, unknown>>(`${b.api}/teledossiers/${numero}/rendez-vous/${id}/annulation`, {
        token,
        body: { motif: 'Salle indisponible (travaux).', cle: cle() },
      });
    const a = await annuler(second.id);
    expect(a.status).toBe(200);
    const d3 = a.json as unknown as DossierDetail;
    expect(d3.portail!.rendezVous.find((r) => r.id === second.id)).toMatchObject({
      statut: 'annule',
      annulePar: 'mairie',
      motifAnnulation: 'Salle indisponible (travaux).',
    });
    expect(d3.portail!.messages.at(-1)).toMatchObject({ sujet: 'Votre rendez-vous a été annulé' });
    expect((await annuler(second.id)).status).toBe(422);
    expect((await annuler('inconnu')).status).toBe(404);
    await attendre(() => courrielsPour(`usager-${numero}`).length >= 3);
  });

  it("l'usager prend et annule un rendez-vous", async () => {
    const [numero] = await demandesPortail(b, 1, 'contacter-mairie');
    const r = prendreRendezVous(b.serveur.guichet, numero!, {
      debut: '2027-01-12T10:00:00+01:00',
      fin: '2027-01-12T10:30:00+01:00',
      objet: "Rencontre avec l'adjoint",
    });
    expect(r).toMatchObject({ statut: 'planifie', objet: "Rencontre avec l'adjoint" });
    expect((await detail(b, token, numero!)).portail!.rendezVous.some((x) => x.id === r.id)).toBe(true);
    annulerRendezVousUsager(b.serveur.guichet, numero!, r.id, 'Je ne suis pas disponible.');
    const d = await detail(b, token, numero!);
    expect(d.portail!.rendezVous.find((x) => x.id === r.id)).toMatchObject({
      statut: 'annule',
      annulePar: 'usager',
    });
    expect(() => annulerRendezVousUsager(b.serveur.guichet, numero!, r.id, 'Encore.')).toThrow(/déjà annulé/);
  });
});

describe('portée et refus', () => {
  it("le dossier d'un autre service est un 404 sur chaque route ; une démarche sans échanges est un 422 « sans_echanges »", async () => {
    const [numero] = await demandesPortail(b, 1);
    const d = await detail(b, token, numero!);
    const j = d.portail!.justificatifs[0]!;
    const appels = (n: string, t: string) => [
      ecrire(n, formulaire({ sujet: 'S', texte: 'T', cle: cle() }), t),
      appeler(`${b.api}/teledossiers/${n}/messages/x/fichiers/y`, { token: t }),
      appeler(`${b.api}/teledossiers/${n}/justificatifs/${j.id}/fichier`, { token: t }),
      decider(n, j.id, { statut: 'valide', fichier: 'x' }, t),
      appeler(`${b.api}/teledossiers/${n}/rendez-vous`, {
        token: t,
        body: {
          debut: '2027-01-01T10:00:00Z',
          fin: '2027-01-01T11:00:00Z',
          lieu: 'L',
          objet: 'O',
          cle: cle(),
        },
      }),
      appeler(`${b.api}/teledossiers/${n}/rendez-vous/x/annulation`, {
        token: t,
        body: { motif: 'M', cle: cle() },
      }),
    ];
    for (const r of await Promise.all(appels(numero!, tokenAutre))) {
      expect(r.status).toBe(404);
      expect(r.json.erreur).toBe('dossier_introuvable');
    }
    const suivi = (
      await appeler<ListeFiltree>(`${b.api}/teledossiers?parPage=100`, { token })
    ).json.elements.find((x) => x.portail === undefined)!;
    for (const r of await Promise.all(appels(suivi.numero, token))) {
      expect(r.status).toBe(422);
      expect(r.json.erreur).toBe('sans_echanges');
      expect(String(r.json.message)).toContain('sans échanges');
    }
    const sansJeton = await appeler(`${b.api}/teledossiers/${numero}/justificatifs/${j.id}/fichier`);
    expect(sansJeton.status).toBe(401);
  });
});
