import { useState, type FormEvent } from 'react';
import type { Utilisateur } from '../../../shared/api/schemas.js';
import { api, versErreurApp } from '../api.js';
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
      {liste.erreur && (
        <p role="alert" className="alerte erreur">
          {liste.erreur}
        </p>
      )}
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
          <caption className="visuellement-cache">Utilisateurs du service</caption>
          <thead>
            <tr>
              <th scope="col">Identifiant</th>
              <th scope="col">Nom</th>
              <th scope="col">Prénom</th>
              <th scope="col">Adresse courriel</th>
              <th scope="col">Habilitation</th>
              <th scope="col">Compte activé</th>
              <th scope="col">
                <span className="visuellement-cache">Commandes</span>
              </th>
            </tr>
          </thead>
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
  const [erreur, setErreur] = useState<string | null>(null);

  async function soumettre(ev: FormEvent) {
    ev.preventDefault();
    setErreur(null);
    if ((motDePasse || !existant) && motDePasse !== confirmation) {
      setErreur('Le mot de passe et sa confirmation sont différents.');
      return;
    }
    try {
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
    } catch (e) {
      setErreur(versErreurApp(e).message);
    }
  }

  return (
    <section className="panneau formulaire-utilisateur" aria-labelledby="titre-form-utilisateur">
      <h2 id="titre-form-utilisateur">{existant ? 'Modifier un utilisateur' : 'Ajouter un utilisateur'}</h2>
      <form onSubmit={(e) => void soumettre(e)} className="formulaire grille-form">
        <div className="champ">
          <label htmlFor="u-identifiant">Identifiant</label>
          <input
            id="u-identifiant"
            value={identifiant}
            onChange={(e) => setIdentifiant(e.target.value)}
            readOnly={existant !== null}
            required
            pattern="[a-z0-9][a-z0-9._\-]{2,63}"
            aria-describedby="aide-u-identifiant"
          />
          <p id="aide-u-identifiant" className="discret petit aide-champ">
            Lettres minuscules, chiffres, point, tiret ou souligné.
          </p>
        </div>
        <div className="champ">
          <label htmlFor="u-nom">Nom</label>
          <input id="u-nom" value={nom} onChange={(e) => setNom(e.target.value)} required />
        </div>
        <div className="champ">
          <label htmlFor="u-prenom">Prénom</label>
          <input id="u-prenom" value={prenom} onChange={(e) => setPrenom(e.target.value)} required />
        </div>
        <div className="champ">
          <label htmlFor="u-courriel">Adresse courriel</label>
          <input
            id="u-courriel"
            type="email"
            value={courriel}
            onChange={(e) => setCourriel(e.target.value)}
            required
          />
        </div>
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
        <div className="champ case">
          <input
            id="u-active"
            type="checkbox"
            checked={active}
            onChange={(e) => setActive(e.target.checked)}
          />
          <label htmlFor="u-active">Compte activé</label>
        </div>
        <div className="champ">
          <label htmlFor="u-mdp">{existant ? 'Nouveau mot de passe' : 'Mot de passe'}</label>
          <input
            id="u-mdp"
            type="password"
            autoComplete="new-password"
            minLength={10}
            value={motDePasse}
            onChange={(e) => setMotDePasse(e.target.value)}
            required={!existant}
            aria-describedby="aide-u-mdp"
          />
          <p id="aide-u-mdp" className="discret petit aide-champ">
            {existant ? 'Laissez vide pour ne pas le changer. ' : ''}Au moins 10 caractères.
          </p>
        </div>
        <div className="champ">
          <label htmlFor="u-mdp-confirmation">Confirmation du mot de passe</label>
          <input
            id="u-mdp-confirmation"
            type="password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
            required={!existant || motDePasse.length > 0}
          />
        </div>
        {erreur && (
          <p role="alert" className="alerte erreur pleine-largeur">
            {erreur}
          </p>
        )}
        <div className="actions pleine-largeur">
          <button type="button" onClick={() => props.fermer(false)}>
            Annuler
          </button>
          <button type="submit" className="principal">
            Enregistrer
          </button>
        </div>
      </form>
    </section>
  );
}
