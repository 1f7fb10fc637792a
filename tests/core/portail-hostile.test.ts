import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fournir } from '../../src/server/usager/index.js';
import { PORTAIL } from '../../src/shared/workflow/index.js';
import { ouvrirApp, type AppDeTest } from './aide/app.js';
import { PDF } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from './aide/guichet.js';
import { detail, soumettrePortail, usager, viderFile } from './aide/portail.js';

let guichet: GuichetDeTest;
let agent: Compte;
let app: AppDeTest;
let donnees: string;
let numeros: string[];

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(40, 'portail-hostile');
  agent = guichet.comptes().agent;
  numeros = await soumettrePortail(guichet, agent, 5, 'portail-hostile');
  donnees = dossierTemporaire();
  app = await ouvrirApp(donnees, guichet.url, agent);
  await app.coeur.appeler('synchro.lancer', {});
}, 60_000);

afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

const b64 = (b: Buffer) => b.toString('base64');

async function erreurDe(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('Appel accepté alors qu’il devait être refusé.');
}

/** A justificatif of a dossier still open, as the agent sees it now. */
async function justificatif(numero: string) {
  const j = (await detail(app.coeur, numero)).portail?.justificatifs[0];
  if (!j) throw new Error(`${numero} sans justificatif.`);
  return j;
}

function copiesEnFile(): string[] {
  const dossier = path.join(donnees, 'profils', app.profilId, 'pieces');
  return fs.existsSync(dossier) ? fs.readdirSync(dossier) : [];
}

describe('pièces hostiles', () => {
  it('une pièce jointe déguisée, trop grosse ou en trop est refusée avant la file d’attente', async () => {
    const { coeur } = app;
    const numero = numeros[0]!;
    const envoyer = (pieces: { nom: string; contenuBase64: string }[]) =>
      erreurDe(coeur.appeler('echanges.envoyer', { numero, sujet: 'Pièces', texte: 'Voir pièces.', pieces }));

    const html = Buffer.from('<html><body><script>alert(1)</script></body></html>');
    const fauxPdf = await envoyer([{ nom: 'attestation.pdf', contenuBase64: b64(html) }]);
    expect(fauxPdf.code).toBe('refus');
    expect(fauxPdf.message).toContain('attestation.pdf');
    expect(fauxPdf.message).toMatch(/ne correspond pas à son contenu|n'est pas un document accepté/);

    const tronque = await envoyer([
      { nom: 'tronque.pdf', contenuBase64: b64(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\n')) },
    ]);
    expect(tronque.message).toContain("n'est pas un PDF valide");

    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    const programme = await envoyer([{ nom: 'facture.pdf', contenuBase64: b64(exe) }]);
    expect(programme.message).toContain('programme Windows');

    const double = await envoyer([{ nom: 'facture.exe.pdf', contenuBase64: b64(PDF) }]);
    expect(double.message).toContain('.exe');

    const gros = Buffer.concat([PDF.subarray(0, 9), Buffer.alloc(2049 * 1024, 0x20), PDF.subarray(9)]);
    const tropGros = await envoyer([{ nom: 'gros.pdf', contenuBase64: b64(gros) }]);
    expect(tropGros.message).toContain('taille maximale de 2048 Ko');

    const quatre = Array.from({ length: 4 }, (_, i) => ({ nom: `p${i}.pdf`, contenuBase64: b64(PDF) }));
    const tropNombreux = await envoyer(quatre);
    expect(tropNombreux.message).toContain('au plus 3 pièces jointes');

    const texte = await erreurDe(
      coeur.appeler('echanges.envoyer', { numero, sujet: 'Long', texte: 'x'.repeat(4001), pieces: [] }),
    );
    expect(texte.message).toContain('4000 caractères');

    // Nothing queued, no copy left behind.
    const file = await coeur.appeler('fileAttente.lister', {});
    expect(file.actions.filter((a) => a.type === 'message')).toEqual([]);
    expect(copiesEnFile()).toEqual([]);
  });

  it("un fichier hostile fourni par l'usager n'est jamais rendu par justificatifs.ouvrir", async () => {
    const { coeur } = app;
    const hostiles: [string, Buffer, RegExp][] = [
      [
        'caf.pdf',
        Buffer.from('<!DOCTYPE html><html><script>fetch("//x")</script></html>'),
        /extension|contenu/,
      ],
      [
        'plan.svg',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        /\.svg/,
      ],
      ['domicile.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0)]), /programme Windows/],
    ];
    for (const [i, [nom, octets, motif]] of hostiles.entries()) {
      const numero = numeros[i + 1]!;
      const j = await justificatif(numero);
      fournir(usager(guichet), numero, j.id, { nom, octets });
      await coeur.appeler('synchro.lancer', {});
      const e = await erreurDe(coeur.appeler('justificatifs.ouvrir', { numero, id: j.id }));
      expect(e.code, nom).toBe('ouverture_refusee');
      expect(e.message).toMatch(motif);
      expect(e.message).toContain('Enregistrer sous');
    }
  });

  it("l'usager a remplacé le fichier avant l'envoi de la décision : conflit nommé, rien de forcé", async () => {
    const { coeur } = app;
    const numero = numeros[4]!;
    const j = await justificatif(numero);
    expect(j.fichier).not.toBeNull();

    // Decided offline on the file the agent saw; the citizen replaces it meanwhile.
    await coeur.appeler('connexion.travaillerHorsLigne', {});
    const a = await coeur.appeler('justificatifs.decider', { numero, id: j.id, statut: 'valide' });
    const file = await coeur.appeler('fileAttente.lister', {});
    // Never sent while « Travailler hors ligne »: no attempt counted.
    expect(file.actions.find((x) => x.id === a.id)).toMatchObject({ statut: 'en-attente', tentatives: 0 });
    fournir(usager(guichet), numero, j.id, { nom: 'nouvelle-attestation.pdf', octets: PDF });
    // The citizen's files are read from the guichet: offline, a clear refusal.
    const horsLigne = await erreurDe(coeur.appeler('justificatifs.ouvrir', { numero, id: j.id }));
    expect(horsLigne.code).toBe('hors_ligne');
    expect(horsLigne.message).toContain('hors ligne');

    await coeur.appeler('connexion.seReconnecter', {});
    await viderFile(coeur);
    const apres = await coeur.appeler('fileAttente.lister', {});
    const conflit = apres.actions.find((x) => x.id === a.id);
    expect(conflit?.statut).toBe('conflit');
    expect(conflit?.erreur).toContain('autre fichier');
    // The guichet's version is shown: the new file, still to examine.
    const d = await detail(coeur, numero);
    const courant = d.portail?.justificatifs.find((x) => x.id === j.id);
    expect(courant?.statut).toBe('fourni');
    expect(courant?.fichier?.id).not.toBe(j.fichier?.id);
    // Retrying would decide on a file nobody opened.
    const refus = await erreurDe(coeur.appeler('fileAttente.reessayer', { id: a.id }));
    expect(refus.message).toContain('autre fichier');
    expect(d.etat).not.toBe(PORTAIL.valide);
  });
});
