import { soumettreFichier } from '../../../src/server/index.js';
import type { ContexteUsager } from '../../../src/server/usager/index.js';
import type { Coeur } from '../../../src/main/app/coeur.js';
import type { DossierLocal } from '../../../src/shared/app-api/index.js';
import { attendre } from './attendre.js';
import type { Compte, GuichetDeTest } from './guichet.js';

/** The code INSEE of the service the agent of `comptes()` belongs to. */
export function serviceDe(guichet: GuichetDeTest, compte: Compte): string {
  const s = guichet.seed.services.find((x) =>
    x.utilisateurs.some((u) => u.identifiant === compte.identifiant),
  );
  if (!s) throw new Error(`Service de ${compte.identifiant} introuvable.`);
  return s.codeInsee;
}

/** Citizens submit portal demandes to the agent's service (état initial, justificatifs mostly provided). */
export async function soumettrePortail(
  guichet: GuichetDeTest,
  compte: Compte,
  nombre: number,
  graine: string,
  demarche?: string,
): Promise<string[]> {
  const soumis = await soumettreFichier({
    db: guichet.fichierDb,
    nombre,
    portail: true,
    graine,
    codeInsee: serviceDe(guichet, compte),
    ...(demarche ? { demarche } : {}),
    journal: { info() {}, avertir() {}, erreur() {} },
  });
  return soumis.map((s) => s.numero);
}

/** The running server's own context: the tests play the citizen on the same base, clock and mail. */
export function usager(guichet: GuichetDeTest): ContexteUsager {
  const s = guichet.serveur;
  if (!s) throw new Error('Le guichet de test est arrêté.');
  return s.guichet;
}

/** Sends what is queued and waits until nothing is left pending. */
export async function viderFile(coeur: Coeur): Promise<void> {
  await attendre(async () => {
    const c = await coeur.appeler('fileAttente.rejouer', {});
    return c.enAttente === 0;
  }, 20_000);
}

export async function detail(coeur: Coeur, numero: string): Promise<DossierLocal> {
  return coeur.appeler('dossiers.detail', { numero });
}

export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
