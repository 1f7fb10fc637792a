import { useState } from 'react';
import { api } from '../api.js';
import { Actions, ChampSaisie, ChampsMotDePasse, Message, useEnvoi } from '../composants/Formulaire.js';
import { Titre } from '../composants/Titre.js';
import { useApp } from '../contexte.js';

export function MonCompte() {
  const { session, toast, connexion } = useApp();
  const u = session.utilisateur;
  const [actuel, setActuel] = useState('');
  const [nouveau, setNouveau] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { erreur, onSubmit } = useEnvoi(async () => {
    if (nouveau !== confirmation) return 'Le nouveau mot de passe et sa confirmation sont différents.';
    if (nouveau.length < 10) return 'Le mot de passe doit contenir au moins 10 caractères.';
    await api.call('compte.changerMotDePasse', { actuel, nouveau });
    setActuel('');
    setNouveau('');
    setConfirmation('');
    toast('Votre mot de passe a été modifié.', 'succes');
  });

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
          <form onSubmit={onSubmit} className="formulaire">
            <ChampSaisie
              id="mdp-actuel"
              libelle="Mot de passe actuel"
              type="password"
              autoComplete="current-password"
              valeur={actuel}
              onValeur={setActuel}
              required
            />
            <ChampsMotDePasse
              id="mdp-nouveau"
              idConfirmation="mdp-confirmation"
              libelle="Nouveau"
              libelleConfirmation="Confirmation"
              aide="Au moins 10 caractères."
              motDePasse={nouveau}
              confirmation={confirmation}
              onMotDePasse={setNouveau}
              onConfirmation={setConfirmation}
            />
            <Message texte={erreur} />
            <Actions envoyer="Enregistrer" desactive={connexion.mode !== 'en-ligne'} />
          </form>
        </section>
      </div>
    </>
  );
}
