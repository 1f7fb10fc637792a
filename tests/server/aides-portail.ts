import type { DossierDetail, ListeFiltree } from '../../src/shared/api/schemas.js';
import { PORTAIL } from '../../src/shared/workflow/index.js';
import { soumettreFichier } from '../../src/server/index.js';
import { rectifier } from '../../src/server/usager/index.js';
import { appeler, cle, comptes, type Banc } from './aides.js';

/** Fresh portal demandes (état « En attente ») in the first service, as `submit --portail` does. */
export async function demandesPortail(b: Banc, nombre: number, demarche?: string): Promise<string[]> {
  const soumis = await soumettreFichier({
    db: b.db,
    nombre,
    codeInsee: comptes(b).service.codeInsee,
    courriels: b.courriels,
    portail: true,
    ...(demarche ? { demarche } : {}),
    journal: b.journal,
  });
  return soumis.map((s) => s.numero);
}

export const detail = async (b: Banc, token: string, numero: string) =>
  (await appeler<DossierDetail>(`${b.api}/teledossiers/${numero}`, { token })).json;

export async function changer(
  b: Banc,
  token: string,
  numero: string,
  etat: number,
  commentaire?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const d = await detail(b, token, numero);
  return appeler<Record<string, unknown>>(`${b.api}/teledossiers/${numero}/etat`, {
    token,
    body: { etat, revision: d.revision, cle: cle(), ...(commentaire ? { commentaire } : {}) },
  });
}

/** Brings a fresh demande to `etat` by the shortest path (agent over HTTP, citizen in process). */
export async function amener(b: Banc, token: string, numero: string, etat: number): Promise<void> {
  const P = PORTAIL;
  const ok = async (e: number, c?: string) => {
    const r = await changer(b, token, numero, e, c);
    if (r.status !== 200) throw new Error(`${numero} → ${e} : ${r.status} ${JSON.stringify(r.json)}`);
  };
  switch (etat) {
    case P.enAttente:
      return;
    case P.incomplet:
      return ok(P.incomplet, 'Il manque l’attestation CAF.');
    case P.rectifie:
      await ok(P.incomplet, 'Il manque l’attestation CAF.');
      rectifier(b.serveur.guichet, numero, 'Corrigé.');
      return;
    case P.rejete:
    case P.annule:
      return ok(etat, 'Motif de test.');
    case P.valide:
      await ok(P.enTraitement);
      return ok(P.valide);
    default:
      return ok(etat);
  }
}

export async function listeFiltree(b: Banc, token: string, q: string): Promise<ListeFiltree> {
  return (await appeler<ListeFiltree>(`${b.api}/teledossiers?parPage=200&${q}`, { token })).json;
}
