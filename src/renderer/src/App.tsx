import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EtatConnexion, InfoApp, Referentiel, Session } from '../../shared/app-api/index.js';
import { api, versErreurApp } from './api.js';
import { Aide } from './composants/Aide.js';
import { Message } from './composants/Formulaire.js';
import { Marque } from './composants/Marque.js';
import { Toasts, useToasts } from './composants/Toasts.js';
import {
  Fournisseur,
  libellePour,
  useEvenement,
  workflowPour,
  type Contexte,
  type Ecran,
} from './contexte.js';
import { Connexion } from './ecrans/Connexion.js';
import { DetailDossier } from './ecrans/DetailDossier.js';
import { FileAttente } from './ecrans/FileAttente.js';
import { MonCompte } from './ecrans/MonCompte.js';
import { Parametres } from './ecrans/Parametres.js';
import { TableauDeBord } from './ecrans/TableauDeBord.js';
import { Teledossiers } from './ecrans/Teledossiers.js';
import { Utilisateurs } from './ecrans/Utilisateurs.js';
import { dateHeure } from './format.js';

interface EntreeMenu {
  ecran: Ecran['nom'];
  libelle: string;
  touche: string;
  gestion?: boolean;
}

export const MENU: EntreeMenu[] = [
  { ecran: 'tableau', libelle: 'Tableau de bord', touche: '1' },
  { ecran: 'dossiers', libelle: 'Télédossiers', touche: '2' },
  { ecran: 'file', libelle: "File d'attente", touche: '3' },
  { ecran: 'utilisateurs', libelle: 'Utilisateurs', touche: '4', gestion: true },
  { ecran: 'compte', libelle: 'Mon compte', touche: '5' },
  { ecran: 'parametres', libelle: 'Paramètres', touche: '6' },
];

const LIBELLE_MODE: Record<EtatConnexion['mode'], string> = {
  'en-ligne': 'En ligne',
  'hors-ligne': 'Hors ligne',
  'lecture-seule': 'Lecture seule',
};

export function App() {
  const [info, setInfo] = useState<InfoApp | null>(null);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [erreurDemarrage, setErreurDemarrage] = useState<string | null>(null);
  const { toasts, toast, fermer, vider } = useToasts();
  // A message is for whoever was logged in when it came: none survives a logout or a change of account.
  const changerSession = useCallback(
    (s: Session | null) => {
      vider();
      setSession(s);
    },
    [vider],
  );

  useEffect(() => {
    Promise.all([api.call('app.info', {}), api.call('session.courante', {})]).then(
      ([i, s]) => {
        setInfo(i);
        setSession(s);
      },
      (e: unknown) => setErreurDemarrage(versErreurApp(e).message),
    );
  }, []);

  useEvenement('notification', (n) => {
    if (!session) return;
    if (info?.hote === 'web' && 'Notification' in window && Notification.permission === 'granted') {
      new Notification(n.titre, { body: n.corps, lang: 'fr' });
    } else {
      toast(`${n.titre} — ${n.corps}`, 'info');
    }
  });

  let contenu;
  if (erreurDemarrage) {
    contenu = (
      <main className="centre" id="contenu">
        <h1>Guichet Instructeur</h1>
        <Message texte={erreurDemarrage} />
      </main>
    );
  } else if (session === undefined || info === null) {
    contenu = (
      <main className="centre" id="contenu" aria-busy="true">
        <p>Chargement…</p>
      </main>
    );
  } else if (session === null) {
    contenu = <Connexion onConnecte={changerSession} toast={toast} />;
  } else {
    contenu = <Coque info={info} session={session} setSession={changerSession} toast={toast} />;
  }
  return (
    <div className="application">
      {contenu}
      <Toasts toasts={toasts} fermer={fermer} />
    </div>
  );
}

function Coque(props: {
  info: InfoApp;
  session: Session;
  setSession: (s: Session | null) => void;
  toast: Contexte['toast'];
}) {
  const { info, session, setSession } = props;
  const toastApp = props.toast;
  // Answers and events of a closing session arrive late: they must not speak to the next user.
  const ouverte = useRef(true);
  useEffect(() => {
    ouverte.current = true;
    return () => {
      ouverte.current = false;
    };
  }, []);
  const toast = useCallback<Contexte['toast']>(
    (texte, genre) => {
      if (ouverte.current) toastApp(texte, genre);
    },
    [toastApp],
  );
  const [ecran, setEcran] = useState<Ecran>({ nom: 'tableau' });
  const [referentiel, setReferentiel] = useState<Referentiel | null>(null);
  const [connexion, setConnexion] = useState<EtatConnexion>({
    mode: session.mode,
    horsLigneChoisi: false,
    derniereSynchro: null,
    synchroEnCours: false,
  });
  const gestion = session.utilisateur.habilitation === 'GESTION';

  useEffect(() => {
    api
      .call('referentiel.lire', {})
      .then(setReferentiel, (e: unknown) => toast(versErreurApp(e).message, 'erreur'));
    api.call('tableauDeBord.lire', {}).then(
      (t) => setConnexion(t.connexion),
      () => undefined,
    );
  }, [toast]);

  useEvenement('connexion.changee', setConnexion);
  useEvenement('synchro.terminee', () =>
    api.call('tableauDeBord.lire', {}).then(
      (t) => setConnexion(t.connexion),
      () => undefined,
    ),
  );
  // Events can cross the answer of a call: while a sync is said to run, check now and then.
  useEffect(() => {
    if (!connexion.synchroEnCours && connexion.mode === 'en-ligne') return;
    const minuterie = window.setInterval(() => {
      api.call('tableauDeBord.lire', {}).then(
        (t) => setConnexion(t.connexion),
        () => undefined,
      );
    }, 2000);
    return () => window.clearInterval(minuterie);
  }, [connexion.synchroEnCours, connexion.mode]);
  useEvenement('synchro.erreur', (e) => toast(`Synchronisation impossible : ${e.message}`, 'erreur'));

  const aller = useCallback(
    (e: Ecran) => {
      if (e.nom === 'utilisateurs' && !gestion) return;
      setEcran(e);
    },
    [gestion],
  );

  // Move focus to the new screen's title so keyboard and screen-reader users follow.
  useEffect(() => {
    const h1 = document.querySelector<HTMLElement>('main h1');
    h1?.focus();
  }, [ecran]);

  useEffect(() => {
    function touche(ev: KeyboardEvent) {
      const cible = ev.target as HTMLElement | null;
      const saisie =
        cible && (cible.tagName === 'INPUT' || cible.tagName === 'TEXTAREA' || cible.tagName === 'SELECT');
      if (ev.altKey && !ev.ctrlKey && !ev.metaKey) {
        const entree = MENU.find((m) => ev.code === `Digit${m.touche}` || ev.key === m.touche);
        if (entree && (!entree.gestion || gestion)) {
          ev.preventDefault();
          aller({ nom: entree.ecran } as Ecran);
        }
        return;
      }
      if (((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 'k') || (ev.key === '/' && !saisie)) {
        ev.preventDefault();
        if (ecran.nom !== 'dossiers') {
          setEcran({ nom: 'dossiers' });
          window.setTimeout(() => document.getElementById('recherche')?.focus(), 50);
        } else {
          document.getElementById('recherche')?.focus();
        }
      }
    }
    window.addEventListener('keydown', touche);
    return () => window.removeEventListener('keydown', touche);
  }, [aller, ecran.nom, gestion]);

  const deconnecter = useCallback(async () => {
    ouverte.current = false;
    try {
      await api.call('session.deconnecter', {});
    } finally {
      setSession(null);
    }
  }, [setSession]);

  const synchroniser = useCallback(async () => {
    try {
      const r = await api.call('synchro.lancer', {});
      toast(
        `Synchronisation terminée : ${r.nouveaux} nouveau(x), ${r.modifies} modifié(s), ${r.supprimes} supprimé(s).`,
        'succes',
      );
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }, [toast]);

  const [basculeEnCours, setBasculeEnCours] = useState(false);
  const basculerConnexion = useCallback(async () => {
    setBasculeEnCours(true);
    try {
      if (connexion.mode === 'en-ligne') {
        setConnexion(await api.call('connexion.travaillerHorsLigne', {}));
        toast(
          'Vous travaillez hors ligne : rien ne part au guichet, vos actions attendent dans la file d’attente.',
          'info',
        );
      } else {
        setConnexion(await api.call('connexion.seReconnecter', {}));
        toast(
          'Reconnecté au guichet : les actions en attente partent, puis la synchronisation suit.',
          'succes',
        );
      }
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    } finally {
      setBasculeEnCours(false);
    }
  }, [connexion.mode, toast]);

  const valeur = useMemo<Contexte>(
    () => ({
      info,
      session,
      connexion,
      referentiel,
      ecran,
      aller,
      toast,
      deconnecter,
      libelle: (etat, demarche) => libellePour(referentiel, etat, demarche),
      workflowDe: (demarche) => workflowPour(referentiel, demarche),
    }),
    [info, session, connexion, referentiel, ecran, aller, toast, deconnecter],
  );

  let vue;
  switch (ecran.nom) {
    case 'tableau':
      vue = <TableauDeBord connexion={connexion} />;
      break;
    case 'dossiers':
      vue = <Teledossiers />;
      break;
    case 'dossier':
      vue = <DetailDossier numero={ecran.numero} key={ecran.numero} />;
      break;
    case 'file':
      vue = <FileAttente />;
      break;
    case 'utilisateurs':
      vue = gestion ? <Utilisateurs /> : null;
      break;
    case 'compte':
      vue = <MonCompte />;
      break;
    case 'parametres':
      vue = <Parametres />;
      break;
  }

  const actif = ecran.nom === 'dossier' ? 'dossiers' : ecran.nom;
  const u = session.utilisateur;
  return (
    <Fournisseur valeur={valeur}>
      <a className="evitement" href="#contenu">
        Aller au contenu
      </a>
      <header className="entete">
        <Marque>
          <div className="service">
            {u.service.nom} <span className="discret">({u.service.codeInsee})</span>
          </div>
        </Marque>
        <div className="etat-connexion">
          <span
            id="pastille-connexion"
            className={`pastille ${connexion.mode}`}
            role="status"
            aria-live="polite"
          >
            <span className="point" aria-hidden="true" />
            {LIBELLE_MODE[connexion.mode]}
          </span>
          <span className="discret derniere-synchro">
            {connexion.synchroEnCours
              ? 'Synchronisation en cours…'
              : `Dernière synchronisation : ${connexion.derniereSynchro ? dateHeure(connexion.derniereSynchro) : 'jamais'}`}
          </span>
          <button
            type="button"
            onClick={() => void synchroniser()}
            disabled={
              connexion.synchroEnCours || connexion.mode === 'lecture-seule' || connexion.horsLigneChoisi
            }
          >
            Synchroniser
          </button>
          {connexion.mode !== 'lecture-seule' && (
            <button
              type="button"
              onClick={() => void basculerConnexion()}
              disabled={basculeEnCours}
              aria-describedby="pastille-connexion"
            >
              {connexion.mode === 'en-ligne' ? 'Travailler hors ligne' : 'Se reconnecter'}
            </button>
          )}
        </div>
        <div className="utilisateur">
          <span>
            {u.prenom} {u.nom}
            <span className="discret"> · {gestion ? 'Administrateur' : 'Agent'}</span>
          </span>
          <Aide gestion={gestion} />
          <button type="button" className="lien" onClick={() => void deconnecter()}>
            Se déconnecter
          </button>
        </div>
      </header>
      <div className="corps">
        <nav aria-label="Menu principal" className="menu">
          <ul>
            {MENU.filter((m) => !m.gestion || gestion).map((m) => (
              <li key={m.ecran}>
                <button
                  type="button"
                  aria-current={actif === m.ecran ? 'page' : undefined}
                  onClick={() => aller({ nom: m.ecran } as Ecran)}
                  aria-keyshortcuts={`Alt+${m.touche}`}
                >
                  {m.libelle}
                </button>
              </li>
            ))}
          </ul>
          {info.hote === 'web' && <p className="discret petit">Ouvert dans le navigateur (hôte local)</p>}
        </nav>
        <main id="contenu" className="contenu">
          {connexion.mode !== 'en-ligne' && (
            <p className="alerte avertissement bandeau">
              {connexion.horsLigneChoisi
                ? 'Vous travaillez hors ligne : aucune requête ne part au guichet. Vos actions attendent dans la file d’attente ; « Se reconnecter » les enverra, puis synchronisera.'
                : connexion.mode === 'hors-ligne'
                  ? 'Hors ligne : le guichet est injoignable. Vos actions sont mises en file d’attente ; l’application réessaie d’elle-même et les enverra dès son retour (ou « Se reconnecter »).'
                  : 'Lecture seule : données locales uniquement, aucune action ne peut être envoyée au guichet.'}
            </p>
          )}
          {vue}
        </main>
      </div>
    </Fournisseur>
  );
}
