import {
  ErreurApp,
  type DossierIllisible,
  type ProgressionSynchro,
  type ResumeSynchro,
} from '../../shared/app-api/index.js';
import type { ClientGuichet } from '../guichet-client/index.js';
import { numerosEnAttente, recalculer, reglesEnCache } from '../outbox/index.js';
import {
  appliquerDossierServeur,
  dateSuppressionAnnoncee,
  demanderRelecture,
  ecrireMeta,
  enregistrerDossierInconnu,
  enregistrerPerte,
  enregistrerReferentiel,
  lireMeta,
  lireServeur,
  marquerSupprime,
  META,
  mettreEnQuarantaine,
  numerosEnQuarantaine,
  retirerDeQuarantaine,
  terminerChargement,
  suspendreIndex,
  type Db,
} from '../store/index.js';
import { abreger, lirePage, type PageLue } from './lecture-page.js';

export interface OptionsSynchro {
  db: Db;
  client: ClientGuichet;
  /** Page size asked of the guichet (≤ 1000). */
  limite?: number;
  signal?: AbortSignal;
  surProgression?: (p: ProgressionSynchro) => void;
}

export interface BilanSynchro extends ResumeSynchro {
  /** Dossiers seen for the first time (auto-archive, notification). */
  nouveauxNumeros: string[];
  /** Deleted by the guichet before this workstation kept an archive: losses recorded by this sync. */
  perdus: string[];
  /**
   * Citizen messages this sync brought on dossiers already known here (those of a new dossier come
   * with it), per dossier: the notification names them.
   */
  nouveauxMessages: { numero: string; ids: string[] }[];
  /**
   * After an initial (bulk) sync: resolves once the sort and full-text indexes, built in the
   * background, are complete (the dossiers themselves are all stored when the sync resolves).
   */
  indexation?: Promise<void>;
}

/** A guichet that keeps saying "encore" must not make us spin forever (last bound, see VIDES_MAX). */
const PAGES_MAX = 100_000;
/**
 * Empty pages in a row while the guichet says "encore": a walk that makes no progress. An honest
 * guichet never sends one; the margin is for one that pages over changes it then filters out.
 */
const VIDES_MAX = 50;

/** The guichet leads the walk nowhere: stopped, with the cursor saved before it left unchanged. */
function erreurSansFin(curseur: string, deja: boolean): ErreurApp {
  return new ErreurApp(
    'synchro_sans_fin',
    deja
      ? `Le guichet renvoie un curseur déjà parcouru (« ${abreger(curseur)} ») : synchronisation arrêtée. Prévenez l'administrateur du guichet.`
      : `Le guichet annonce sans fin de nouvelles pages vides (curseur « ${abreger(curseur)} ») : synchronisation arrêtée. Prévenez l'administrateur du guichet.`,
  );
}

export class SynchroAnnulee extends Error {
  constructor() {
    super('Synchronisation annulée.');
    this.name = 'SynchroAnnulee';
  }
}

/** Reference data first: the workflows decide what the agent may do with the dossiers. */
export async function synchroniserReferentiel(
  db: Db,
  client: ClientGuichet,
  signal?: AbortSignal,
): Promise<void> {
  const [w, d] = await Promise.all([
    client.appel('workflows', { signal }),
    client.appel('demarches', { signal }),
  ]);
  enregistrerReferentiel(db, w.workflows, d.demarches);
}

/**
 * Walks the incremental listing from the stored cursor. Each page is applied in ONE transaction
 * together with the new cursor: killed at any moment, the next run resumes exactly after the last
 * page applied, without losing or repeating anything.
 */
export async function synchroniser(o: OptionsSynchro): Promise<BilanSynchro> {
  const { db } = o;
  const debut = performance.now();
  const bilan: BilanSynchro = {
    nouveaux: 0,
    modifies: 0,
    supprimes: 0,
    pages: 0,
    dureeMs: 0,
    nouveauxNumeros: [],
    perdus: [],
    nouveauxMessages: [],
    illisibles: [],
  };
  const curseur = lireMeta(db, META.curseur) ?? '';
  // First sync into an empty store: bulk load, indexes built once at the end (see chargement.ts).
  const initial =
    curseur === '' && (db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n === 0;
  if (initial) suspendreIndex(db);
  try {
    await parcourir(o, bilan, curseur);
  } finally {
    // Every page applied is stored with its cursor by now (all of them, unless the walk failed):
    // the indexes follow in the background (lists and filters work meanwhile on a table scan,
    // free-text search catches up within a second or two), so the agent is not kept waiting for
    // them and the main process never blocks for long.
    if (initial) {
      bilan.indexation = terminerChargement(db);
      // Nobody awaits it when the walk failed; a failure here is retried by the next ouvrirBase.
      bilan.indexation.catch(() => undefined);
    }
  }
  ecrireMeta(db, META.derniereSynchro, new Date().toISOString());
  bilan.dureeMs = Math.round(performance.now() - debut);
  return bilan;
}

/** Pages fetched ahead of the store (memory bound: ~1 MB per page of 1000). */
const AVANCE_MAX = 4;
/** Pages applied together when they are already waiting (one commit instead of several). */
const LOT_MAX = 8;

/**
 * Producer/consumer: the producer follows the cursor chain and keeps up to AVANCE_MAX pages ahead,
 * so the guichet works while we write. The consumer applies every page already waiting in ONE
 * transaction with the last page's cursor: when the store is the slower side, commits get larger
 * and fewer; when the guichet is, pages go one by one as they come. Atomicity is unchanged: the
 * stored cursor always matches exactly the pages applied.
 */
async function parcourir(o: OptionsSynchro, bilan: BilanSynchro, depuis: string): Promise<void> {
  const { db, client } = o;
  const tampon: PageLue[] = [];
  let fini = false;
  let erreur: unknown = null;
  let reveilConsommateur: (() => void) | null = null;
  let reveilProducteur: (() => void) | null = null;
  const reveiller = (quoi: 'consommateur' | 'producteur') => {
    const f = quoi === 'consommateur' ? reveilConsommateur : reveilProducteur;
    if (quoi === 'consommateur') reveilConsommateur = null;
    else reveilProducteur = null;
    f?.();
  };
  const arret = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, arret.signal]) : arret.signal;

  const demander = (curseur: string) => {
    const p = client.appelDiffere('listerTeledossiers', {
      query: { depuis: curseur, limite: o.limite ?? 1000 },
      signal,
    });
    // Asked ahead: if the walk stops first (error, abort), nobody awaits it.
    p.catch(() => undefined);
    return p;
  };

  const producteur = (async () => {
    let curseur = depuis;
    let suivante: ReturnType<typeof demander> | null = null;
    // A cursor seen twice in one walk is a loop: it would never end.
    const vus = new Set([depuis]);
    let vides = 0;
    try {
      for (let n = 0; ; n++) {
        while (tampon.length >= AVANCE_MAX && !signal.aborted) {
          await new Promise<void>((r) => (reveilProducteur = r));
        }
        if (signal.aborted) return;
        const recue = await (suivante ?? demander(curseur));
        suivante = null;
        // Ask for the next page BEFORE validating this one, so the guichet prepares it while we
        // validate (peeking at the unvalidated cursor is harmless: it is only sent back to the
        // guichet; nothing of this page is used, let alone stored, until valider() accepted it).
        const apercu = recue.brut as { curseur?: unknown; encore?: unknown } | null;
        if (
          typeof apercu === 'object' &&
          apercu !== null &&
          apercu.encore === true &&
          typeof apercu.curseur === 'string' &&
          apercu.curseur !== curseur &&
          n + 1 < PAGES_MAX
        ) {
          suivante = demander(apercu.curseur);
        }
        const reponse = lirePage(recue, curseur);
        // Checked before the page is queued: a page that leads nowhere is never applied, so its
        // cursor is never saved.
        if (reponse.encore) {
          if (vus.has(reponse.curseur)) throw erreurSansFin(reponse.curseur, true);
          vus.add(reponse.curseur);
          vides = pageVide(reponse) ? vides + 1 : 0;
          if (vides >= VIDES_MAX) throw erreurSansFin(reponse.curseur, false);
        }
        tampon.push(reponse);
        reveiller('consommateur');
        if (!reponse.encore) break;
        if (n + 1 >= PAGES_MAX) throw new Error('Synchronisation interrompue : trop de pages.');
        curseur = reponse.curseur;
      }
    } catch (e) {
      erreur = e;
    } finally {
      fini = true;
      reveiller('consommateur');
    }
  })();

  let recus = 0;
  // Usually empty: a valid dossier then costs one lookup in memory, not a query per element.
  const enQuarantaine = numerosEnQuarantaine(db);
  try {
    for (;;) {
      if (o.signal?.aborted) throw new SynchroAnnulee();
      if (tampon.length === 0) {
        if (erreur) throw erreur;
        if (fini) break;
        await new Promise<void>((r) => (reveilConsommateur = r));
        continue;
      }
      // Let the producer put its next request on the wire first (axios and http dispatch it a few
      // microtasks / one tick later): the guichet then prepares page n+1 while we write page n,
      // instead of waiting idle for the end of a transaction that blocks the event loop.
      await new Promise((r) => setImmediate(r));
      const lot = tampon.splice(0, LOT_MAX);
      reveiller('producteur');
      await new Promise((r) => setImmediate(r));
      appliquerPages(db, lot, bilan, enQuarantaine);
      bilan.pages += lot.length;
      for (const p of lot) recus += p.elements.length;
      o.surProgression?.({ pages: bilan.pages, recus, supprimes: bilan.supprimes });
      if (lot.at(-1)?.encore === false) break;
    }
  } finally {
    arret.abort();
    reveiller('producteur');
    await producteur;
  }
}

const pageVide = (p: PageLue) =>
  p.elements.length === 0 && p.supprimes.length === 0 && p.illisibles.length === 0;

function appliquerPages(db: Db, pages: PageLue[], bilan: BilanSynchro, enQuarantaine: Set<string>): void {
  db.transaction(() => {
    for (const page of pages) appliquerPage(db, page, bilan, enQuarantaine);
    // Empty pages that announce more are only saved once a page with something on it follows: a
    // guichet announcing empty pages without end leaves the stored cursor where it was.
    const derniere = pages.findLast((p) => !p.encore || !pageVide(p));
    if (derniere) ecrireMeta(db, META.curseur, derniere.curseur);
  })();
}

function mettreDeCote(db: Db, page: PageLue, bilan: BilanSynchro, enQuarantaine: Set<string>): void {
  const le = new Date().toISOString();
  for (const i of page.illisibles) {
    mettreEnQuarantaine(db, { ...i, le });
    if (i.numero !== null) enQuarantaine.add(i.numero);
    // Received (again) by this sync: news for this sync's report, whatever was acknowledged before.
    const vue: DossierIllisible = { numero: i.numero, raison: i.raison, le, acquitte: false };
    bilan.illisibles.push(vue);
  }
}

function sortirDeQuarantaine(db: Db, numero: string, enQuarantaine: Set<string>): void {
  if (enQuarantaine.size === 0 || !enQuarantaine.delete(numero)) return;
  retirerDeQuarantaine(db, numero);
}

function appliquerPage(db: Db, page: PageLue, bilan: BilanSynchro, enQuarantaine: Set<string>): void {
  // Set aside first: should the same numéro also come valid on this page, the valid one wins.
  if (page.illisibles.length > 0) mettreDeCote(db, page, bilan, enQuarantaine);
  // A dossier with queued actions keeps its optimistic state: record the guichet's version and
  // recompute the displayed one on top of it.
  const enAttente = numerosEnAttente(db);
  const regles = reglesEnCache(db);
  const surMessages = (numero: string, ids: string[], dossierNouveau: boolean) => {
    if (!dossierNouveau) bilan.nouveauxMessages.push({ numero, ids });
  };
  for (const d of page.elements) {
    sortirDeQuarantaine(db, d.numero, enQuarantaine);
    const r = appliquerDossierServeur(db, d, false, surMessages);
    if (r === 'nouveau') {
      bilan.nouveaux++;
      bilan.nouveauxNumeros.push(d.numero);
    } else if (r === 'modifie') bilan.modifies++;
    if (r !== 'inchange' && enAttente.has(d.numero)) recalculer(db, d.numero, regles);
  }
  for (const s of page.supprimes) {
    sortirDeQuarantaine(db, s.numero, enQuarantaine);
    const le = s.le;
    if (!marquerSupprime(db, s.numero, s.motif)) {
      // Never seen here (submitted and deleted while this workstation was off): keep the numéro, so
      // that a closed dossier is fetched while the guichet still serves it and a purged one is a
      // recorded loss, never silence.
      if (enregistrerDossierInconnu(db, s.numero, s.motif, le)) {
        bilan.supprimes++;
        if (s.motif === 'retention') bilan.perdus.push(s.numero);
      }
      continue;
    }
    bilan.supprimes++;
    if (s.motif === 'retention') {
      // Purged: a loss unless an archive was kept (enregistrerPerte checks).
      const annoncee = dateSuppressionAnnoncee(db, s.numero) ?? le ?? new Date().toISOString();
      if (enregistrerPerte(db, s.numero, 'retention', annoncee)) bilan.perdus.push(s.numero);
      continue;
    }
    // Closed on the guichet (by us or a colleague): it only comes as a tombstone, so record the
    // closing state ourselves, and read its detail again while the guichet still serves it (the
    // attestation added at closing changes its archive).
    demanderRelecture(db, s.numero);
    const serveur = lireServeur(db, s.numero);
    const etatClos = serveur ? regles(serveur.demarche.code)?.workflow.etatClos : undefined;
    if (serveur && etatClos !== undefined && serveur.etat !== etatClos) {
      appliquerDossierServeur(db, { ...serveur, etat: etatClos, revision: serveur.revision + 1 }, false);
      recalculer(db, s.numero, regles);
    }
  }
}
