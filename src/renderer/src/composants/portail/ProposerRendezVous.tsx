import { useState } from 'react';
import type { RendezVous } from '../../../../shared/api/schemas.js';
import { api } from '../../api.js';
import { aujourdhui } from '../../format.js';
import { useSuivreAction } from '../../suivre-action.js';
import { Actions, ChampSaisie, Message, useEnvoi } from '../Formulaire.js';

/** A local day and time (as typed in the workstation's time zone) as an ISO instant. */
function instant(jour: string, heure: string): string {
  return new Date(`${jour}T${heure}`).toISOString();
}

/** « Proposer un autre créneau » (or a first rendez-vous): date, heures, lieu, objet. */
export function ProposerRendezVous(props: {
  numero: string;
  remplace: RendezVous | null;
  fermer: () => void;
  recharger: () => void;
}) {
  const { remplace } = props;
  const suivre = useSuivreAction();
  const [jour, setJour] = useState('');
  const [debut, setDebut] = useState('');
  const [fin, setFin] = useState('');
  const [lieu, setLieu] = useState(remplace?.lieu ?? '');
  const [objet, setObjet] = useState(remplace?.objet ?? '');
  const titre = remplace ? 'Proposer un autre créneau' : 'Proposer un rendez-vous';

  const { erreur, onSubmit } = useEnvoi(async () => {
    if (!jour || !debut || !fin) return 'Indiquez la date et les heures du rendez-vous.';
    if (fin <= debut) return 'L’heure de fin doit suivre l’heure de début.';
    if (!lieu.trim() || !objet.trim()) return 'Indiquez le lieu et l’objet du rendez-vous.';
    const cree = await api.call('rendezVous.proposer', {
      numero: props.numero,
      debut: instant(jour, debut),
      fin: instant(jour, fin),
      lieu: lieu.trim(),
      objet: objet.trim(),
      ...(remplace ? { remplace: remplace.id } : {}),
    });
    props.recharger();
    const refus = await suivre([cree], {
      envoye: "Rendez-vous proposé : l'usager est prévenu.",
      enAttente: "Hors ligne : la proposition de rendez-vous est en file d'attente.",
      refus: 'Le guichet a refusé ce rendez-vous.',
    });
    props.recharger();
    if (refus) return refus;
    props.fermer();
  });

  return (
    <section className="panneau" aria-labelledby="titre-proposer-rdv">
      <h2 id="titre-proposer-rdv">{titre}</h2>
      <form className="formulaire grille-form" onSubmit={onSubmit}>
        <ChampSaisie
          id="rdv-date"
          libelle="Date"
          type="date"
          min={aujourdhui()}
          required
          valeur={jour}
          onValeur={setJour}
        />
        <ChampSaisie
          id="rdv-debut"
          libelle="Heure de début"
          type="time"
          required
          valeur={debut}
          onValeur={setDebut}
        />
        <ChampSaisie
          id="rdv-fin"
          libelle="Heure de fin"
          type="time"
          required
          valeur={fin}
          onValeur={setFin}
        />
        <ChampSaisie id="rdv-lieu" libelle="Lieu" maxLength={200} required valeur={lieu} onValeur={setLieu} />
        <ChampSaisie
          id="rdv-objet"
          libelle="Objet"
          className="pleine-largeur"
          maxLength={200}
          required
          valeur={objet}
          onValeur={setObjet}
        />
        <Message texte={erreur} className="pleine-largeur" />
        <Actions envoyer="Proposer ce créneau" className="pleine-largeur">
          <button type="button" onClick={props.fermer}>
            Annuler
          </button>
        </Actions>
      </form>
    </section>
  );
}
