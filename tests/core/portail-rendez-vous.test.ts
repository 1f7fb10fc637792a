import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prendreRendezVous } from '../../src/server/usager/index.js';
import { ouvrirApp, type AppDeTest } from './aide/app.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';
import { detail, soumettrePortail, usager, viderFile } from './aide/portail.js';

let guichet: GuichetDeTest;
let app: AppDeTest;
let numeros: string[];

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(30, 'portail-rdv');
  const agent = guichet.comptes().agent;
  numeros = await soumettrePortail(guichet, agent, 2, 'portail-rdv');
  app = await ouvrirApp(dossierTemporaire(), guichet.url, agent);
  await app.coeur.appeler('synchro.lancer', {});
}, 60_000);

afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

const dans = (jours: number, heures = 0) =>
  new Date(Date.now() + jours * 86_400_000 + heures * 3_600_000).toISOString();

describe('rendez-vous', () => {
  it("proposé, remplacé puis annulé par l'agent, même hors ligne ; le tableau de bord compte les proches", async () => {
    const { coeur } = app;
    const numero = numeros[0]!;
    const avant = (await coeur.appeler('tableauDeBord.lire', {})).rendezVousProches;

    const propose = await coeur.appeler('rendezVous.proposer', {
      numero,
      debut: dans(2),
      fin: dans(2, 1),
      lieu: 'Mairie, bureau 3',
      objet: 'Remise des clés de la salle',
    });
    expect(propose).toMatchObject({ type: 'rendez-vous' });
    expect(propose.resume).toContain('Rendez-vous proposé le');
    await viderFile(coeur);
    const d1 = await detail(coeur, numero);
    const rdv = d1.portail?.rendezVous.find((r) => r.objet === 'Remise des clés de la salle');
    expect(rdv).toMatchObject({ statut: 'planifie', lieu: 'Mairie, bureau 3' });
    expect((await coeur.appeler('tableauDeBord.lire', {})).rendezVousProches).toBe(avant + 1);
    // The list filter of the dashboard's tile finds exactly the dossiers with such a slot.
    const proches = async () =>
      (
        await coeur.appeler('dossiers.lister', {
          filtre: { rendezVousProches: true, supprimes: 'inclure' },
          tri: { colonne: 'numero', sens: 'asc' },
          offset: 0,
          limite: 500,
        })
      ).elements.map((e) => e.numero);
    expect(await proches()).toContain(numero);

    // Offline: another slot replacing the first one, queued then sent on reconnection.
    await coeur.appeler('connexion.travaillerHorsLigne', {});
    const remplace = await coeur.appeler('rendezVous.proposer', {
      numero,
      debut: dans(3),
      fin: dans(3, 1),
      lieu: 'Mairie, accueil',
      objet: 'Remise des clés (nouvel horaire)',
      remplace: rdv?.id,
    });
    expect(remplace.resume).toContain('Nouveau rendez-vous proposé');
    expect((await detail(coeur, numero)).actions.map((a) => a.id)).toContain(remplace.id);
    await coeur.appeler('connexion.seReconnecter', {});
    await viderFile(coeur);
    const d2 = await detail(coeur, numero);
    expect(d2.portail?.rendezVous.find((r) => r.id === rdv?.id)?.statut).toBe('annule');
    const nouveau = d2.portail?.rendezVous.find((r) => r.objet === 'Remise des clés (nouvel horaire)');
    expect(nouveau).toMatchObject({ statut: 'planifie', remplace: rdv?.id });

    const annule = await coeur.appeler('rendezVous.annuler', {
      numero,
      id: nouveau?.id ?? '',
      motif: 'Salle indisponible ce jour-là.',
    });
    expect(annule.resume).toContain('annulé');
    await viderFile(coeur);
    const d3 = await detail(coeur, numero);
    expect(d3.portail?.rendezVous.find((r) => r.id === nouveau?.id)).toMatchObject({
      statut: 'annule',
      annulePar: 'mairie',
      motifAnnulation: 'Salle indisponible ce jour-là.',
    });
    expect((await coeur.appeler('tableauDeBord.lire', {})).rendezVousProches).toBe(avant);
    const restants = d3.portail?.rendezVous.filter(
      (r) =>
        r.statut === 'planifie' &&
        Date.parse(r.debut) >= Date.now() &&
        Date.parse(r.debut) <= Date.now() + 7 * 86_400_000,
    );
    expect((await proches()).includes(numero)).toBe((restants?.length ?? 0) > 0);

    // Cancelling it again is refused here, before anything leaves.
    await expect(
      coeur.appeler('rendezVous.annuler', { numero, id: nouveau?.id ?? '', motif: 'Encore' }),
    ).rejects.toMatchObject({ code: 'refus' });
  });

  it("un rendez-vous pris par l'usager arrive par la synchro", async () => {
    const { coeur } = app;
    const numero = numeros[1]!;
    prendreRendezVous(usager(guichet), numero, {
      debut: dans(1),
      fin: dans(1, 1),
      objet: 'Visite de la salle',
    });
    await coeur.appeler('synchro.lancer', {});
    const d = await detail(coeur, numero);
    expect(d.portail?.rendezVous.find((r) => r.objet === 'Visite de la salle')?.statut).toBe('planifie');
  });
});
