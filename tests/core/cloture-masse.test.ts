import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { purgerFichier } from '../../src/server/index.js';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

let guichet: GuichetDeTest;
let app: AppDeTest;
let collegue: ClientGuichet;
const utilises = new Set<string>();

const ATTESTATION = '« Attestation, certificat ou récépissé »';
const sansPiece = (n: string) =>
  `Le dossier ${n} ne peut pas être clôturé sans la pièce jointe ${ATTESTATION} : déposez-la d'abord, puis clôturez-le.`;

/** A dossier in one of `etats`, of the recensement (attestation required to close) or not, unused so far. */
async function unDossier(etats: number[], recensement: boolean): Promise<string> {
  for (const etat of etats) {
    const l = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { etat, supprimes: 'exclure' } });
    const d = l.elements.find(
      (e) =>
        !utilises.has(e.numero) &&
        (e.demarche?.code === 'recensement-citoyen') === recensement &&
        e.actionsEnAttente === 0,
    );
    if (d) {
      utilises.add(d.numero);
      return d.numero;
    }
  }
  throw new Error(`Aucun dossier disponible aux états ${etats.join(', ')}`);
}

const EN_COURS = [15, 16, 5];
const surGuichet = async (numero: string) =>
  (await collegue.appel('teledossier', { params: { numero } })).etat;
/** The colleague closes it on the guichet, behind this workstation's back. */
const clotureParCollegue = (numero: string) =>
  collegue.appel('cloturer', { body: { numeros: [numero], cle: `collegue-${numero}` } });

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(300, 'cloture-masse');
  const { agent, collegue: c } = guichet.comptes();
  collegue = await guichet.client(c);
  app = await ouvrirApp(dossierTemporaire(), guichet.url, agent);
  await app.coeur.appeler('synchro.lancer', {});
});

afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

describe('clôture en masse : chaque dossier demandé a son issue', () => {
  it('examine puis clôture : pièce manquante, déjà clos et inconnu sont nommés avec leur raison', async () => {
    const recensement = await unDossier(EN_COURS, true);
    const b = await unDossier(EN_COURS, false);
    const c = await unDossier(EN_COURS, false);
    const clos = await unDossier(EN_COURS, false);
    await clotureParCollegue(clos);
    await app.coeur.appeler('synchro.lancer', {});
    const inconnu = 'A-5-ZZZZZZZZ';
    const selection = { numeros: [recensement, b, clos, c, inconnu] };
    const ecartes = [
      { numero: recensement, motif: 'piece', message: sansPiece(recensement) },
      { numero: clos, motif: 'etat', message: `Le dossier ${clos} est déjà clos.` },
      {
        numero: inconnu,
        motif: 'inconnu',
        message: `Le dossier ${inconnu} est inconnu sur ce poste : synchronisez, puis clôturez-le de nouveau.`,
      },
    ];

    const examen = await app.coeur.appeler('actions.examinerCloture', { selection });
    expect(examen).toEqual({ total: 5, cloturables: 2, ecartes });
    // Examining changes nothing.
    expect((await app.coeur.appeler('fileAttente.lister', {})).actions).toHaveLength(0);

    const creation = await app.coeur.appeler('actions.cloturer', { selection, commentaire: 'Fin' });
    expect(creation).toMatchObject({ dossiers: 2, envoyes: [], enAttente: [b, c], ecartes, refuses: [] });
    expect(creation.actions).toHaveLength(1);
    await app.coeur.appeler('fileAttente.rejouer', {});
    const suivi = await app.coeur.appeler('actions.suivreCloture', { ids: [creation.actions[0]!.id] });
    expect(suivi).toMatchObject({ dossiers: 2, envoyes: [b, c], enAttente: [], refuses: [] });
    expect(suivi.actions[0]?.statut).toBe('envoyee');
    expect(await surGuichet(b)).toBe(100);
    expect(await surGuichet(c)).toBe(100);
    expect(await surGuichet(recensement)).not.toBe(100);
  });

  it('un dossier que le guichet refuse après l’envoi est nommé avec le message du guichet', async () => {
    const refuse = await unDossier(EN_COURS, false);
    const accepte = await unDossier(EN_COURS, false);
    // Closed on the guichet after this workstation's last sync: the local check lets it through.
    await clotureParCollegue(refuse);
    const creation = await app.coeur.appeler('actions.cloturer', {
      selection: { numeros: [refuse, accepte] },
    });
    expect(creation).toMatchObject({ dossiers: 2, enAttente: [refuse, accepte], ecartes: [] });
    await app.coeur.appeler('fileAttente.rejouer', {});
    const suivi = await app.coeur.appeler('actions.suivreCloture', {
      ids: creation.actions.map((a) => a.id),
    });
    expect(suivi).toMatchObject({
      dossiers: 1,
      envoyes: [accepte],
      enAttente: [],
      ecartes: [],
      refuses: [
        {
          numero: refuse,
          motif: 'refus-guichet',
          message: `Le guichet a refusé de clôturer le dossier ${refuse} : Le dossier ${refuse} est déjà clos.`,
        },
      ],
    });
    expect(await surGuichet(accepte)).toBe(100);
  });

  it('hors ligne : mise en file, une deuxième clôture est écartée, l’annulation est nommée', async () => {
    const a = await unDossier(EN_COURS, false);
    await guichet.arreter();
    try {
      await app.coeur.appeler('synchro.lancer', {}).catch(() => undefined);
      await attendre(async () => (await app.coeur.appeler('session.courante', {}))?.mode === 'hors-ligne');
      const creation = await app.coeur.appeler('actions.cloturer', { selection: { numeros: [a] } });
      expect(creation).toMatchObject({ dossiers: 1, envoyes: [], enAttente: [a], ecartes: [] });
      const enFile = {
        numero: a,
        motif: 'deja-en-file',
        message: `La clôture du dossier ${a} est déjà en file d'attente : elle partira au prochain envoi au guichet.`,
      };
      expect(await app.coeur.appeler('actions.examinerCloture', { selection: { numeros: [a] } })).toEqual({
        total: 1,
        cloturables: 0,
        ecartes: [enFile],
      });
      // Nothing left to close: nothing queued, and the answer says why rather than failing.
      const encore = await app.coeur.appeler('actions.cloturer', { selection: { numeros: [a] } });
      expect(encore).toEqual({
        actions: [],
        dossiers: 0,
        envoyes: [],
        enAttente: [],
        ecartes: [enFile],
        refuses: [],
      });
      const id = creation.actions[0]!.id;
      expect(await app.coeur.appeler('actions.suivreCloture', { ids: [id] })).toMatchObject({
        enAttente: [a],
      });
      await app.coeur.appeler('fileAttente.annuler', { id });
      expect(await app.coeur.appeler('actions.suivreCloture', { ids: [id] })).toMatchObject({
        dossiers: 0,
        enAttente: [],
        refuses: [
          {
            numero: a,
            motif: 'annulee',
            message: `La clôture du dossier ${a} a été annulée depuis la file d'attente : il n'a pas été clos.`,
          },
        ],
      });
    } finally {
      await guichet.demarrer();
      await app.coeur.appeler('fileAttente.rejouer', {});
    }
  });

  it('un dossier supprimé du guichet (durée de conservation) est écarté avec sa raison', async () => {
    const purge = await purgerFichier(guichet.fichierDb, new Date(Date.now() + 90 * 86_400_000));
    expect(purge.purges.length).toBeGreaterThan(0);
    await app.coeur.appeler('synchro.lancer', {});
    const supprimes = await app.coeur.appeler('dossiers.lister', {
      ...TOUT,
      filtre: { supprimes: 'seulement' },
    });
    const purge1 = supprimes.elements.find((e) => e.supprimeDuGuichet === 'retention');
    expect(purge1).toBeDefined();
    const n = purge1!.numero;
    expect(await app.coeur.appeler('actions.examinerCloture', { selection: { numeros: [n] } })).toEqual({
      total: 1,
      cloturables: 0,
      ecartes: [
        {
          numero: n,
          motif: 'supprime',
          message: `Le dossier ${n} a été supprimé du guichet : il ne peut plus être clôturé.`,
        },
      ],
    });
  });
});
