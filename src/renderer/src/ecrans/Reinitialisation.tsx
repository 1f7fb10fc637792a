import { useState } from 'react';
import { motDePasseSchema, reinitialisationSchema } from '../../../shared/api/schemas.js';
import type { Profil } from '../../../shared/app-api/index.js';
import { api } from '../api.js';
import { Actions, ChampSaisie, ChampsMotDePasse, Message, useEnvoi } from '../composants/Formulaire.js';

export const MESSAGE_REINITIALISE =
  'Votre mot de passe a été changé. Connectez-vous avec le nouveau mot de passe.';

/** The first rule of the guichet's own schema that `valeur` breaks, in its French words. */
function regleEnfreinte(schema: typeof motDePasseSchema, valeur: string): string | null {
  const r = schema.safeParse(valeur);
  return r.success ? null : (r.error.issues[0]?.message ?? 'Valeur invalide.');
}

/**
 * Where the code of the lost-password mail is entered (the mail names this screen: « J'ai reçu un
 * code de réinitialisation »). The password rules are the server's schema, checked here first.
 */
export function Reinitialisation(props: { profil: Profil; retour: () => void; reussi: () => void }) {
  const [code, setCode] = useState('');
  const [nouveau, setNouveau] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { erreur, onSubmit } = useEnvoi(async () => {
    const jeton = code.trim();
    if (jeton === '') return 'Saisissez le code de réinitialisation reçu par courriel.';
    if (!reinitialisationSchema.shape.jeton.safeParse(jeton).success)
      return 'Ce code de réinitialisation est incomplet : copiez-le en entier depuis le courriel.';
    const regle = regleEnfreinte(motDePasseSchema, nouveau);
    if (regle) return regle;
    if (nouveau !== confirmation) return 'Le nouveau mot de passe et sa confirmation sont différents.';
    await api.call('session.reinitialiserMotDePasse', { profilId: props.profil.id, jeton, nouveau });
    props.reussi();
  });

  return (
    // noValidate: the French messages below, not the browser's, say what is wrong.
    <form onSubmit={onSubmit} className="formulaire" aria-labelledby="titre-reinitialisation" noValidate>
      <h1 id="titre-reinitialisation" tabIndex={-1}>
        Réinitialiser le mot de passe
      </h1>
      <p className="discret">
        Saisissez le code de réinitialisation reçu par courriel pour le compte « {props.profil.identifiant} »
        (il ne sert qu'une fois), puis votre nouveau mot de passe.
      </p>
      <ChampSaisie
        id="reinit-code"
        libelle="Code de réinitialisation"
        autoComplete="one-time-code"
        spellCheck={false}
        valeur={code}
        onValeur={setCode}
        required
      />
      <ChampsMotDePasse
        id="reinit-nouveau"
        idConfirmation="reinit-confirmation"
        libelle="Nouveau mot de passe"
        libelleConfirmation="Confirmer le nouveau mot de passe"
        aide="Au moins 10 caractères."
        motDePasse={nouveau}
        confirmation={confirmation}
        onMotDePasse={setNouveau}
        onConfirmation={setConfirmation}
      />
      <Message texte={erreur} />
      <Actions envoyer="Changer le mot de passe">
        <button type="button" onClick={props.retour}>
          Retour à la connexion
        </button>
      </Actions>
    </form>
  );
}
