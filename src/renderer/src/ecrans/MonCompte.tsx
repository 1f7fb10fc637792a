import { useState, type FormEvent } from 'react';
import { api, versErreurApp } from '../api.js';
import { Titre } from '../composants/Titre.js';
import { useApp } from '../contexte.js';

export function MonCompte() {
  const { session, toast, connexion } = useApp();
  const u = session.utilisateur;
  const [actuel, setActuel] = useState('');
  const [nouveau, setNouveau] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);

  async function soumettre(ev: FormEvent) {
    ev.preventDefault();
    setErreur(null);
    if (nouveau !== confirmation) {
      setErreur('Le nouveau mot de passe et sa confirmation sont différents.');
      return;
    }
    if (nouveau.length < 10) {
      setErreur('Le mot de passe doit contenir au moins 10 caractères.');
      return;
    }
    try {
      await api.call('compte.changerMotDePasse', { actuel, nouveau });
      setActuel('');
      setNouveau('');
      setConfirmation('');
      toast('Votre mot de passe a été modifié.', 'succes');
    } catch (e) {
      setErreur(versErreurApp(e).message);
    }
  }

  return (
    <>
      <Titre>Mon compte</Titre>
      <div className="colonnes deux">
        <section className="panneau" aria-labelledby="titre-infos">
          <h2 id="titre-infos">Informations</h2>
          <dl className="fiche">
            <dt>Identifiant</dt>
            <dd>{u.identifiant}</dd>
            <dt>Nom</dt>
            <dd>{u.nom}</dd>
            <dt>Prénom</dt>
            <dd>{u.prenom}</dd>
            <dt>Adresse courriel</dt>
            <dd>{u.courriel}</dd>
            <dt>Habilitation</dt>
            <dd>
              {u.habilitation === 'GESTION'
                ? 'Gestion du suivi et instruction des dossiers'
                : 'Instruction des dossiers'}
            </dd>
            <dt>Service</dt>
            <dd>
              {u.service.nom} ({u.service.codeInsee})
            </dd>
            <dt>Guichet</dt>
            <dd>{session.profil.urlGuichet}</dd>
          </dl>
        </section>
        <section className="panneau" aria-labelledby="titre-mdp">
          <h2 id="titre-mdp">Modifier votre mot de passe</h2>
          <form onSubmit={(e) => void soumettre(e)} className="formulaire">
            <div className="champ">
              <label htmlFor="mdp-actuel">Mot de passe actuel</label>
              <input
                id="mdp-actuel"
                type="password"
                autoComplete="current-password"
                value={actuel}
                onChange={(e) => setActuel(e.target.value)}
                required
              />
            </div>
            <div className="champ">
              <label htmlFor="mdp-nouveau">Nouveau</label>
              <input
                id="mdp-nouveau"
                type="password"
                autoComplete="new-password"
                minLength={10}
                value={nouveau}
                onChange={(e) => setNouveau(e.target.value)}
                required
                aria-describedby="aide-mdp-nouveau"
              />
              <p id="aide-mdp-nouveau" className="discret petit aide-champ">
                Au moins 10 caractères.
              </p>
            </div>
            <div className="champ">
              <label htmlFor="mdp-confirmation">Confirmation</label>
              <input
                id="mdp-confirmation"
                type="password"
                autoComplete="new-password"
                value={confirmation}
                onChange={(e) => setConfirmation(e.target.value)}
                required
              />
            </div>
            {erreur && (
              <p role="alert" className="alerte erreur">
                {erreur}
              </p>
            )}
            <div className="actions">
              <button type="submit" className="principal" disabled={connexion.mode !== 'en-ligne'}>
                Enregistrer
              </button>
            </div>
          </form>
        </section>
      </div>
    </>
  );
}
