import { ErreurApp } from '../../../shared/app-api/index.js';
import { memesMotsDePasse, TrousseauIndisponible } from '../../credentials/index.js';
import { creerClientGuichet, ErreurGuichet, ErreurReseau } from '../../guichet-client/index.js';
import { synchroniserReferentiel } from '../../sync/index.js';
import type { Noyau } from '../noyau.js';
import { alerterSiRisque } from '../alerte.js';
import { controlerSiDu } from '../controle-archives.js';
import { reprendreDeplacement } from '../deplacement-archives.js';
import { migrerArbre } from '../migration-arbre.js';
import { SessionOuverte } from '../session.js';
import type { Domaine } from './types.js';

async function motDePasseDuTrousseau(n: Noyau, profilId: string): Promise<string> {
  let m: string | null;
  try {
    m = await n.trousseau.lire(n.compteTrousseau(profilId));
  } catch (e) {
    if (e instanceof TrousseauIndisponible) throw new ErreurApp('trousseau_indisponible', e.message);
    throw e;
  }
  if (m === null)
    throw new ErreurApp('mot_de_passe_requis', 'Aucun mot de passe mémorisé pour ce profil : saisissez-le.');
  return m;
}

/** Remember or forget the password in the keychain; never anywhere else. */
async function memoriser(n: Noyau, profilId: string, motDePasse: string, oui: boolean): Promise<void> {
  const compte = n.compteTrousseau(profilId);
  try {
    if (oui) await n.trousseau.ecrire(compte, motDePasse);
    else await n.trousseau.effacer(compte);
    n.profils.marquerMemorise(profilId, oui);
  } catch (e) {
    if (!(e instanceof TrousseauIndisponible)) throw e;
    n.profils.marquerMemorise(profilId, false);
    if (oui) n.bus.emettre('notification', { titre: 'Trousseau indisponible', corps: e.message });
  }
}

/**
 * The password that opens the local data offline, and whether the keychain vouches for it: typed
 * and equal to the remembered one, or not typed and read from the keychain (as online).
 */
async function preuveHorsLigne(
  n: Noyau,
  profilId: string,
  motDePasse: string | undefined,
): Promise<{ motDePasse: string; deConfiance: boolean }> {
  if (motDePasse === undefined) {
    const m = await motDePasseDuTrousseau(n, profilId).catch((e: unknown) => {
      if (e instanceof ErreurApp && e.code === 'mot_de_passe_requis')
        throw new ErreurApp(
          'mot_de_passe_requis',
          'Saisissez votre mot de passe pour ouvrir les données locales en lecture seule.',
        );
      throw e;
    });
    return { motDePasse: m, deConfiance: true };
  }
  if (n.profils.lire(profilId).motDePasseMemorise) {
    const memorise = await n.trousseau.lire(n.compteTrousseau(profilId)).catch(() => null);
    if (memorise !== null && memesMotsDePasse(memorise, motDePasse)) return { motDePasse, deConfiance: true };
  }
  return { motDePasse, deConfiance: false };
}

/** A public call of the guichet (no session), its failures in the words of the login screen. */
async function sansSession<T>(
  n: Noyau,
  profilId: string,
  appel: (client: ReturnType<typeof creerClientGuichet>) => Promise<T>,
): Promise<T> {
  const profil = n.profils.lire(profilId);
  const client = creerClientGuichet({ ...n.options.client, urlGuichet: profil.urlGuichet });
  try {
    return await appel(client);
  } catch (e) {
    if (e instanceof ErreurReseau)
      throw new ErreurApp(
        'guichet_injoignable',
        `Le guichet ${profil.urlGuichet} est injoignable : réessayez quand la connexion sera revenue.`,
      );
    if (e instanceof ErreurGuichet && e.code === 'jeton_invalide')
      throw new ErreurApp('code_reinitialisation_invalide', e.message);
    throw e;
  } finally {
    client.fermer();
  }
}

async function demarrer(n: Noyau, s: SessionOuverte): Promise<void> {
  n.session = s;
  n.derniereAlerte = null;
  // Before anything downloads: archives of store version 1 get their folder and their new path.
  await migrerArbre(n, s).catch((e: unknown) =>
    n.bus.emettre('notification', { titre: 'Archives non réorganisées', corps: (e as Error).message }),
  );
  reprendreDeplacement(n, s);
  // Archives on disk whose données are not searchable yet (earlier versions, a crash mid-way).
  void n.taches.indexerDonnees(s);
  alerterSiRisque(n, s);
  controlerSiDu(n, s);
  n.bus.emettre('connexion.changee', n.etatConnexion());
  n.emettreFile();
  if (s.mode === 'en-ligne') {
    n.taches.planifierSynchro();
    if (n.options.synchroAutomatique !== false)
      void n.taches.rejouerPuisSynchroniser().catch(() => undefined);
  } else {
    n.demarrerSonde();
  }
}

/** The profile to log in with: a profile prepared without an identifiant waits for the agent's. */
function profilPourConnexion(n: Noyau, profilId: string) {
  const profil = n.profils.lire(profilId);
  if (!profil.identifiant.trim())
    throw new ErreurApp('validation', 'Saisissez votre identifiant pour ce profil.');
  return profil;
}

export const session: Domaine = {
  'session.connecter': async ({ profilId, motDePasse, memoriser: garder }, n) => {
    const profil = profilPourConnexion(n, profilId);
    const mdp = motDePasse ?? (await motDePasseDuTrousseau(n, profilId));
    await n.fermerSession();
    const s = await SessionOuverte.connecter(
      profil,
      n.profils.dossier(profilId),
      mdp,
      n.options.client ?? {},
    );
    if (motDePasse !== undefined && (garder || profil.motDePasseMemorise))
      await memoriser(n, profilId, mdp, garder);
    // The offline verifier (one scrypt) is computed while the session starts; if it fails, offline
    // mode asks for an online login first, which is what the agent just did: say so.
    s.enregistrerVerificateur(mdp).catch((e: unknown) =>
      n.bus.emettre('notification', {
        titre: 'Lecture seule hors ligne indisponible',
        corps: `Le mot de passe n'a pas pu être préparé pour la lecture seule hors ligne (${(e as Error).message}) : reconnectez-vous en ligne.`,
      }),
    );
    // Referential first so the UI can show libellés at once; the dossiers sync in the background.
    await synchroniserReferentiel(s.db, s.client).catch(() => undefined);
    await demarrer(n, s);
    return { ...s.vue(), profil: n.profils.lire(profilId) };
  },
  'session.ouvrirLectureSeule': async ({ profilId, motDePasse }, n) => {
    const profil = profilPourConnexion(n, profilId);
    const preuve = await preuveHorsLigne(n, profilId, motDePasse);
    await n.fermerSession();
    // The proven password stays in memory: the probe logs in with it once the guichet is back.
    const s = await SessionOuverte.lectureSeule(
      profil,
      n.profils.dossier(profilId),
      preuve.motDePasse,
      preuve.deConfiance,
      n.options.client ?? {},
    );
    await demarrer(n, s);
    return s.vue();
  },
  'session.courante': (_, n) => n.session?.vue() ?? null,
  'session.deconnecter': async (_, n) => {
    const s = n.session;
    if (s?.mode === 'en-ligne') await s.client.appel('logout').catch(() => undefined);
    await n.fermerSession();
    n.bus.emettre('connexion.changee', n.etatConnexion());
    return { ok: true as const };
  },
  'session.motDePassePerdu': ({ profilId, identifiant, courriel }, n) =>
    sansSession(n, profilId, (client) =>
      client.appel('motDePassePerdu', { body: { identifiant, courriel } }),
    ),
  'session.reinitialiserMotDePasse': async ({ profilId, jeton, nouveau }, n) => {
    await sansSession(n, profilId, (client) => client.appel('reinitialiser', { body: { jeton, nouveau } }));
    // The remembered password is the old one now: keeping it would only fail the next login.
    if (n.profils.lire(profilId).motDePasseMemorise) await memoriser(n, profilId, '', false);
    SessionOuverte.oublierVerificateur(n.profils.dossier(profilId));
    return { ok: true as const };
  },
  'compte.changerMotDePasse': async (args, n) =>
    n.enLigne(async (s) => {
      await s.client.appel('changerMotDePasse', { body: args });
      s.definirMotDePasse(args.nouveau);
      if (s.profil.motDePasseMemorise) await memoriser(n, s.profil.id, args.nouveau, true);
      await s.enregistrerVerificateur(args.nouveau);
      return { ok: true as const };
    }),
};
