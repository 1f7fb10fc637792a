import { ErreurApp } from '../../../shared/app-api/index.js';
import { TrousseauIndisponible } from '../../credentials/index.js';
import { creerClientGuichet } from '../../guichet-client/index.js';
import { synchroniserReferentiel } from '../../sync/index.js';
import type { Noyau } from '../noyau.js';
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

function demarrer(n: Noyau, s: SessionOuverte): void {
  n.session = s;
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

export const session: Domaine = {
  'session.connecter': async ({ profilId, motDePasse, memoriser: garder }, n) => {
    const profil = n.profils.lire(profilId);
    const mdp = motDePasse ?? (await motDePasseDuTrousseau(n, profilId));
    await n.fermerSession();
    let s: SessionOuverte;
    try {
      s = await SessionOuverte.connecter(profil, n.profils.dossier(profilId), mdp, n.options.client ?? {});
    } catch (e) {
      // Kept in memory only: if the agent then opens the local data, the probe can log in once the
      // guichet is back.
      if (e instanceof ErreurApp && e.code === 'guichet_injoignable')
        n.motDePasseEnAttente.set(profilId, mdp);
      throw e;
    }
    n.motDePasseEnAttente.delete(profilId);
    if (motDePasse !== undefined && (garder || profil.motDePasseMemorise))
      await memoriser(n, profilId, mdp, garder);
    // Referential first so the UI can show libellés at once; the dossiers sync in the background.
    await synchroniserReferentiel(s.db, s.client).catch(() => undefined);
    demarrer(n, s);
    return { ...s.vue(), profil: n.profils.lire(profilId) };
  },
  'session.ouvrirLectureSeule': async ({ profilId }, n) => {
    const profil = n.profils.lire(profilId);
    await n.fermerSession();
    let connu = n.motDePasseEnAttente.get(profilId) ?? null;
    if (connu === null && profil.motDePasseMemorise)
      connu = await n.trousseau.lire(n.compteTrousseau(profilId)).catch(() => null);
    const s = SessionOuverte.lectureSeule(profil, n.profils.dossier(profilId), connu, n.options.client ?? {});
    n.motDePasseEnAttente.delete(profilId);
    demarrer(n, s);
    return s.vue();
  },
  'session.courante': (_, n) => n.session?.vue() ?? null,
  'session.deconnecter': async (_, n) => {
    const s = n.session;
    if (s?.mode === 'en-ligne') await s.client.appel('logout').catch(() => undefined);
    await n.fermerSession();
    n.bus.emettre('connexion.changee', {
      mode: 'lecture-seule',
      derniereSynchro: null,
      synchroEnCours: false,
    });
    return { ok: true as const };
  },
  'session.motDePassePerdu': async ({ profilId, identifiant, courriel }, n) => {
    const profil = n.profils.lire(profilId);
    const client = creerClientGuichet({ ...n.options.client, urlGuichet: profil.urlGuichet });
    try {
      return await client.appel('motDePassePerdu', { body: { identifiant, courriel } });
    } finally {
      client.fermer();
    }
  },
  'compte.changerMotDePasse': async (args, n) =>
    n.enLigne(async (s) => {
      await s.client.appel('changerMotDePasse', { body: args });
      s.definirMotDePasse(args.nouveau);
      if (s.profil.motDePasseMemorise) await memoriser(n, s.profil.id, args.nouveau, true);
      return { ok: true as const };
    }),
};
