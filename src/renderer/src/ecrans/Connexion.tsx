import { useEffect, useState, type FormEvent } from 'react';
import type { Profil, Session } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { Actions, CaseACocher, Champ, ChampSaisie, Message, useEnvoi } from '../composants/Formulaire.js';
import { Marque } from '../composants/Marque.js';
import type { Contexte } from '../contexte.js';
import { MESSAGE_REINITIALISE, Reinitialisation } from './Reinitialisation.js';

type Vue = 'connexion' | 'profil' | 'perdu' | 'reinitialisation';

/** Codes the core uses when the guichet cannot be reached. */
function estInjoignable(code: string): boolean {
  return /injoignable|hors_ligne|hors-ligne|reseau|réseau|connexion|timeout|delai/i.test(code);
}

export function Connexion(props: { onConnecte: (s: Session) => void; toast: Contexte['toast'] }) {
  const [profils, setProfils] = useState<Profil[] | null>(null);
  const [profilId, setProfilId] = useState<string>('');
  const [vue, setVue] = useState<Vue>('connexion');
  const [erreurChargement, setErreurChargement] = useState<string | null>(null);
  const [succes, setSucces] = useState<string | null>(null);
  function aller(v: Vue) {
    setSucces(null);
    setVue(v);
  }

  function charger(choisir?: string) {
    api.call('profils.lister', {}).then(
      (r) => {
        setProfils(r.profils);
        const id = choisir ?? (r.profils.some((p) => p.id === profilId) ? profilId : r.profils[0]?.id) ?? '';
        setProfilId(id);
        if (r.profils.length === 0) setVue('profil');
      },
      (e: unknown) => setErreurChargement(versErreurApp(e).message),
    );
  }
  useEffect(() => charger(), []);

  const profil = profils?.find((p) => p.id === profilId) ?? null;

  return (
    <main className="page-connexion" id="contenu">
      <div className="carte-connexion">
        <Marque grande>
          <div className="discret">Suivi et instruction des télédossiers</div>
        </Marque>
        <Message texte={erreurChargement} />
        {profils === null && !erreurChargement && <p>Chargement…</p>}
        {profils !== null && vue === 'connexion' && (
          <FormulaireConnexion
            profils={profils}
            profil={profil}
            setProfilId={setProfilId}
            onConnecte={props.onConnecte}
            nouveauProfil={() => aller('profil')}
            motDePassePerdu={() => aller('perdu')}
            codeRecu={() => aller('reinitialisation')}
            succes={succes}
            recharger={charger}
          />
        )}
        {profils !== null && vue === 'profil' && (
          <FormulaireProfil
            profil={null}
            peutAnnuler={profils.length > 0}
            onAnnuler={() => setVue('connexion')}
            onEnregistre={(p) => {
              charger(p.id);
              setVue('connexion');
              props.toast(`Profil « ${p.nom} » enregistré.`, 'succes');
            }}
          />
        )}
        {vue === 'perdu' && profil && (
          <MotDePassePerdu
            profil={profil}
            retour={() => aller('connexion')}
            codeRecu={() => aller('reinitialisation')}
          />
        )}
        {vue === 'reinitialisation' && profil && (
          <Reinitialisation
            profil={profil}
            retour={() => aller('connexion')}
            reussi={() => {
              charger(profil.id);
              setVue('connexion');
              setSucces(MESSAGE_REINITIALISE);
            }}
          />
        )}
      </div>
    </main>
  );
}

function FormulaireConnexion(props: {
  profils: Profil[];
  profil: Profil | null;
  setProfilId: (id: string) => void;
  onConnecte: (s: Session) => void;
  nouveauProfil: () => void;
  motDePassePerdu: () => void;
  codeRecu: () => void;
  succes: string | null;
  recharger: (id?: string) => void;
}) {
  const { profil } = props;
  const [identifiant, setIdentifiant] = useState(profil?.identifiant ?? '');
  const [motDePasse, setMotDePasse] = useState('');
  const [memoriser, setMemoriser] = useState(profil?.motDePasseMemorise ?? false);
  const [erreur, setErreur] = useState<{ code: string; message: string } | null>(null);
  const [enCours, setEnCours] = useState(false);

  useEffect(() => {
    setIdentifiant(profil?.identifiant ?? '');
    setMemoriser(profil?.motDePasseMemorise ?? false);
    setErreur(null);
  }, [profil?.id, profil?.identifiant, profil?.motDePasseMemorise]);

  async function soumettre(ev: FormEvent) {
    ev.preventDefault();
    if (!profil) return;
    setErreur(null);
    setEnCours(true);
    try {
      if (identifiant.trim() !== profil.identifiant) {
        await api.call('profils.enregistrer', {
          id: profil.id,
          nom: profil.nom,
          urlGuichet: profil.urlGuichet,
          identifiant: identifiant.trim(),
        });
      }
      const session = await api.call('session.connecter', {
        profilId: profil.id,
        ...(motDePasse ? { motDePasse } : {}),
        memoriser,
      });
      props.onConnecte(session);
    } catch (e) {
      const err = versErreurApp(e);
      setErreur({ code: err.code, message: err.message });
    } finally {
      setEnCours(false);
    }
  }

  async function lectureSeule() {
    if (!profil) return;
    try {
      // Offline, the password typed here is checked against this workstation's last online login.
      props.onConnecte(
        await api.call('session.ouvrirLectureSeule', {
          profilId: profil.id,
          ...(motDePasse ? { motDePasse } : {}),
        }),
      );
    } catch (e) {
      const err = versErreurApp(e);
      setErreur({ code: err.code, message: err.message });
    }
  }

  return (
    <form onSubmit={(e) => void soumettre(e)} className="formulaire" aria-labelledby="titre-connexion">
      <h1 id="titre-connexion" tabIndex={-1}>
        Connexion
      </h1>
      <Champ id="profil" libelle="Profil (guichet)">
        {/* The whole width for the profile's name (« Test — Mairie de Villeurbanne » was cut). */}
        <select
          id="profil"
          className="profil-choisi"
          value={profil?.id ?? ''}
          title={profil?.nom}
          onChange={(e) => props.setProfilId(e.target.value)}
        >
          {props.profils.map((p) => (
            <option key={p.id} value={p.id}>
              {p.nom}
            </option>
          ))}
        </select>
        <div className="ligne profil-sous-titre">
          {profil && <p className="discret petit aide-champ">{profil.urlGuichet}</p>}
          <button type="button" onClick={props.nouveauProfil}>
            Nouveau profil
          </button>
        </div>
      </Champ>
      <ChampSaisie
        id="identifiant"
        libelle="Identifiant"
        autoComplete="username"
        valeur={identifiant}
        onValeur={setIdentifiant}
        required
      />
      <ChampSaisie
        id="mot-de-passe"
        libelle="Mot de passe"
        type="password"
        autoComplete="current-password"
        valeur={motDePasse}
        onValeur={setMotDePasse}
        required={!profil?.motDePasseMemorise}
        idAide="aide-mdp"
        aide={
          profil?.motDePasseMemorise &&
          'Laissez vide pour utiliser le mot de passe enregistré dans le trousseau du système.'
        }
      />
      <CaseACocher
        id="memoriser"
        libelle="Se souvenir du mot de passe"
        coche={memoriser}
        onCoche={setMemoriser}
      />
      {!erreur && <Message texte={props.succes} genre="succes" />}
      {erreur && (
        <div role="alert" className="alerte erreur">
          <p>{erreur.message}</p>
          {estInjoignable(erreur.code) && (
            <button type="button" onClick={() => void lectureSeule()}>
              Ouvrir les données locales en lecture seule
            </button>
          )}
        </div>
      )}
      <Actions envoyer={enCours ? 'Connexion…' : 'Se connecter'} desactive={enCours || !profil}>
        <button type="button" className="lien" onClick={props.motDePassePerdu} disabled={!profil}>
          Mot de passe perdu
        </button>
        <button type="button" className="lien" onClick={props.codeRecu} disabled={!profil}>
          J'ai reçu un code de réinitialisation
        </button>
      </Actions>
    </form>
  );
}

export function FormulaireProfil(props: {
  profil: Profil | null;
  peutAnnuler: boolean;
  onAnnuler: () => void;
  onEnregistre: (p: Profil) => void;
}) {
  const [nom, setNom] = useState(props.profil?.nom ?? '');
  const [url, setUrl] = useState(props.profil?.urlGuichet ?? 'https://');
  const [identifiant, setIdentifiant] = useState(props.profil?.identifiant ?? '');
  const { erreur, onSubmit } = useEnvoi(async () => {
    const p = await api.call('profils.enregistrer', {
      ...(props.profil ? { id: props.profil.id } : {}),
      nom: nom.trim(),
      urlGuichet: url.trim(),
      identifiant: identifiant.trim(),
    });
    props.onEnregistre(p);
  });

  return (
    <form onSubmit={onSubmit} className="formulaire" aria-labelledby="titre-profil">
      <h2 id="titre-profil">{props.profil ? 'Modifier le profil' : 'Nouveau profil'}</h2>
      <p className="discret">Un profil associe un guichet à votre identifiant.</p>
      <ChampSaisie
        id="profil-nom"
        libelle="Nom du profil"
        valeur={nom}
        onValeur={setNom}
        placeholder="ex. Mairie de Quimper"
        required
      />
      <ChampSaisie
        id="profil-url"
        libelle="Adresse du guichet"
        type="url"
        valeur={url}
        onValeur={setUrl}
        placeholder="https://guichet.exemple.fr"
        required
      />
      <ChampSaisie
        id="profil-identifiant"
        libelle="Identifiant"
        valeur={identifiant}
        onValeur={setIdentifiant}
        required
      />
      <Message texte={erreur} />
      <Actions envoyer="Enregistrer le profil">
        {props.peutAnnuler && (
          <button type="button" onClick={props.onAnnuler}>
            Annuler
          </button>
        )}
      </Actions>
    </form>
  );
}

function MotDePassePerdu(props: { profil: Profil; retour: () => void; codeRecu: () => void }) {
  const [identifiant, setIdentifiant] = useState(props.profil.identifiant);
  const [courriel, setCourriel] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const { erreur, onSubmit } = useEnvoi(async () => {
    const r = await api.call('session.motDePassePerdu', {
      profilId: props.profil.id,
      identifiant,
      courriel,
    });
    setMessage(r.message);
  });

  return (
    <form onSubmit={onSubmit} className="formulaire" aria-labelledby="titre-perdu">
      <h1 id="titre-perdu" tabIndex={-1}>
        Mot de passe perdu
      </h1>
      <p className="discret">
        Saisissez votre identifiant et l'adresse électronique de suivi associée : un courriel de
        réinitialisation vous sera envoyé.
      </p>
      <ChampSaisie
        id="perdu-identifiant"
        libelle="Identifiant"
        valeur={identifiant}
        onValeur={setIdentifiant}
        required
      />
      <ChampSaisie
        id="perdu-courriel"
        libelle="Adresse courriel"
        type="email"
        valeur={courriel}
        onValeur={setCourriel}
        required
      />
      <Message texte={message} genre="succes" />
      <Message texte={erreur} />
      <Actions envoyer="Envoyer">
        <button type="button" onClick={props.retour}>
          Retour à la connexion
        </button>
        <button type="button" className="lien" onClick={props.codeRecu}>
          J'ai reçu un code de réinitialisation
        </button>
      </Actions>
    </form>
  );
}
