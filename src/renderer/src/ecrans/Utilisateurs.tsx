import { useState } from 'react';
import type { Utilisateur } from '../../../shared/api/schemas.js';
import { api } from '../api.js';
import {
  Actions,
  CaseACocher,
  ChampSaisie,
  ChampsMotDePasse,
  Message,
  useEnvoi,
} from '../composants/Formulaire.js';
import { EnteteTableau } from '../composants/Tableau.js';
import { Titre } from '../composants/Titre.js';
import { useApp, useAppel } from '../contexte.js';

type Edition = { mode: 'ajout' } | { mode: 'modification'; utilisateur: Utilisateur } | null;

const HABILITATIONS = {
  GESTION: 'Gestion du suivi et instruction des dossiers',
  INSTRUCTION: 'Instruction des dossiers',
} as const;

export function Utilisateurs() {
  const { session, connexion } = useApp();
  const liste = useAppel('utilisateurs.lister', {});
  const [edition, setEdition] = useState<Edition>(null);
  const horsLigne = connexion.mode !== 'en-ligne';

  return (
    <>
      <div className="titre-ligne">
        <Titre>Utilisateurs</Titre>
        <button
          type="button"
          className="principal"
          onClick={() => setEdition({ mode: 'ajout' })}
          disabled={horsLigne || edition !== null}
        >
          Ajouter
        </button>
      </div>
      <p className="discret">
        Les comptes des agents et administrateurs du service {session.utilisateur.service.nom}.
      </p>
      <Message texte={liste.erreur} />
      {edition && (
        <FormulaireUtilisateur
          key={edition.mode === 'ajout' ? 'ajout' : edition.utilisateur.identifiant}
          edition={edition}
          fermer={(change) => {
            setEdition(null);
            if (change) liste.recharger();
          }}
        />
      )}
      {liste.donnees && (
        <table className="table-simple">
          <EnteteTableau
            legende="Utilisateurs du service"
            colonnes={['Identifiant', 'Nom', 'Prénom', 'Adresse courriel', 'Habilitation', 'Compte activé']}
          />
          <tbody>
            {liste.donnees.utilisateurs.map((u) => (
              <tr key={u.identifiant}>
                <td>{u.identifiant}</td>
                <td>{u.nom}</td>
                <td>{u.prenom}</td>
                <td>{u.courriel}</td>
                <td>{u.habilitation === 'GESTION' ? 'Administrateur' : 'Agent'}</td>
                <td>{u.active ? 'Oui' : 'Non'}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => setEdition({ mode: 'modification', utilisateur: u })}
                    disabled={horsLigne}
                  >
                    Modifier<span className="visuellement-cache"> {u.identifiant}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function FormulaireUtilisateur(props: { edition: NonNullable<Edition>; fermer: (change: boolean) => void }) {
  const { toast } = useApp();
  const existant = props.edition.mode === 'modification' ? props.edition.utilisateur : null;
  const [identifiant, setIdentifiant] = useState(existant?.identifiant ?? '');
  const [nom, setNom] = useState(existant?.nom ?? '');
  const [prenom, setPrenom] = useState(existant?.prenom ?? '');
  const [courriel, setCourriel] = useState(existant?.courriel ?? '');
  const [habilitation, setHabilitation] = useState<Utilisateur['habilitation']>(
    existant?.habilitation ?? 'INSTRUCTION',
  );
  const [active, setActive] = useState(existant?.active ?? true);
  const [motDePasse, setMotDePasse] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { erreur, onSubmit } = useEnvoi(async () => {
    if ((motDePasse || !existant) && motDePasse !== confirmation) {
      return 'Le mot de passe et sa confirmation sont différents.';
    }
    if (existant) {
      await api.call('utilisateurs.modifier', {
        identifiant: existant.identifiant,
        modifications: {
          nom: nom.trim(),
          prenom: prenom.trim(),
          courriel: courriel.trim(),
          habilitation,
          active,
          ...(motDePasse ? { motDePasse } : {}),
        },
      });
      toast(`Utilisateur « ${existant.identifiant} » modifié.`, 'succes');
    } else {
      await api.call('utilisateurs.creer', {
        identifiant: identifiant.trim(),
        nom: nom.trim(),
        prenom: prenom.trim(),
        courriel: courriel.trim(),
        habilitation,
        active,
        motDePasse,
      });
      toast(`Utilisateur « ${identifiant.trim()} » ajouté.`, 'succes');
    }
    props.fermer(true);
  });

  return (
    <section className="panneau formulaire-utilisateur" aria-labelledby="titre-form-utilisateur">
      <h2 id="titre-form-utilisateur">{existant ? 'Modifier un utilisateur' : 'Ajouter un utilisateur'}</h2>
      <form onSubmit={onSubmit} className="formulaire grille-form">
        <ChampSaisie
          id="u-identifiant"
          libelle="Identifiant"
          valeur={identifiant}
          onValeur={setIdentifiant}
          readOnly={existant !== null}
          required
          pattern="[a-z0-9][a-z0-9._\-]{2,63}"
          aide="Lettres minuscules, chiffres, point, tiret ou souligné."
        />
        <ChampSaisie id="u-nom" libelle="Nom" valeur={nom} onValeur={setNom} required />
        <ChampSaisie id="u-prenom" libelle="Prénom" valeur={prenom} onValeur={setPrenom} required />
        <ChampSaisie
          id="u-courriel"
          libelle="Adresse courriel"
          type="email"
          valeur={courriel}
          onValeur={setCourriel}
          required
        />
        <fieldset className="champ">
          <legend>Habilitation</legend>
          {(Object.keys(HABILITATIONS) as Utilisateur['habilitation'][]).map((h) => (
            <div key={h} className="case">
              <input
                type="radio"
                id={`u-hab-${h}`}
                name="habilitation"
                checked={habilitation === h}
                onChange={() => setHabilitation(h)}
              />
              <label htmlFor={`u-hab-${h}`}>{HABILITATIONS[h]}</label>
            </div>
          ))}
        </fieldset>
        <CaseACocher id="u-active" libelle="Compte activé" coche={active} onCoche={setActive} />
        <ChampsMotDePasse
          id="u-mdp"
          idConfirmation="u-mdp-confirmation"
          libelle={existant ? 'Nouveau mot de passe' : 'Mot de passe'}
          libelleConfirmation="Confirmation du mot de passe"
          aide={`${existant ? 'Laissez vide pour ne pas le changer. ' : ''}Au moins 10 caractères.`}
          motDePasse={motDePasse}
          confirmation={confirmation}
          onMotDePasse={setMotDePasse}
          onConfirmation={setConfirmation}
          requis={!existant}
          confirmationRequise={!existant || motDePasse.length > 0}
        />
        <Message texte={erreur} className="pleine-largeur" />
        <Actions envoyer="Enregistrer" className="pleine-largeur">
          <button type="button" onClick={() => props.fermer(false)}>
            Annuler
          </button>
        </Actions>
      </form>
    </section>
  );
}
