import { ErreurApp, type ModeSession } from '../../shared/app-api/index.js';
import { creerCoeur } from '../app/creer-coeur.js';
import type { Coeur } from '../app/coeur.js';
import { optionRequise, type Arguments } from './arguments.js';

export interface ContexteCli {
  coeur: Coeur;
  mode(): ModeSession | null;
}

/**
 * Logs in like the app does (password from GUICHET_MOT_DE_PASSE, else the keychain); when the
 * guichet is unreachable, opens the local store so actions can still be queued.
 */
export async function ouvrirSessionCli(a: Arguments, dossierDonnees: string): Promise<ContexteCli> {
  const urlGuichet = optionRequise(a, 'guichet').replace(/\/+$/, '');
  const identifiant = optionRequise(a, 'identifiant');
  const coeur = await creerCoeur({
    dossierDonnees,
    plateforme: { hote: 'web' },
    version: process.env.npm_package_version ?? '0.0.0',
    synchroAutomatique: false,
    autoArchive: false,
    // No `client` tuning: the CLI retries exactly as the app does (POLITIQUE_REPRISE).
  });
  let mode: ModeSession | null = null;
  coeur.ecouter('connexion.changee', (e) => (mode = e.mode));
  try {
    const { profils } = await coeur.appeler('profils.lister', {});
    const profil =
      profils.find((p) => p.urlGuichet === urlGuichet && p.identifiant === identifiant) ??
      (await coeur.appeler('profils.enregistrer', {
        nom: `${identifiant} — ${new URL(urlGuichet).host}`,
        urlGuichet,
        identifiant,
      }));
    const motDePasse = process.env.GUICHET_MOT_DE_PASSE || undefined;
    try {
      mode = (await coeur.appeler('session.connecter', { profilId: profil.id, motDePasse, memoriser: false }))
        .mode;
    } catch (e) {
      if (
        e instanceof ErreurApp &&
        (e.code === 'trousseau_indisponible' || e.code === 'mot_de_passe_requis')
      ) {
        throw new ErreurApp(
          e.code,
          `${e.message} (en ligne de commande : variable d'environnement GUICHET_MOT_DE_PASSE)`,
        );
      }
      if (!(e instanceof ErreurApp) || e.code !== 'guichet_injoignable') throw e;
      process.stderr.write(`${e.message}\n`);
      mode = (
        await coeur.appeler('session.ouvrirLectureSeule', {
          profilId: profil.id,
          ...(motDePasse ? { motDePasse } : {}),
        })
      ).mode;
    }
  } catch (e) {
    await coeur.fermer();
    throw e;
  }
  return { coeur, mode: () => mode };
}
