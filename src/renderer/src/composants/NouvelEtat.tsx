import { useMemo, useState, type FormEvent } from 'react';
import type { DossierLocal } from '../../../shared/app-api/index.js';
import {
  etatDe,
  etatsSuivants,
  libelleSlot,
  piecesDeposablesDepuis,
  type EtatWorkflow,
} from '../../../shared/workflow/index.js';
import { api, versErreurApp } from '../api.js';
import { useApp } from '../contexte.js';
import { attendreAction } from '../suivi.js';
import { Actions, ChampListe, ChampTexte, Message } from './Formulaire.js';
import { SlotPiece } from './SlotPiece.js';

/** The comment's label: what the target state says it must say (« Motif du rejet »), or « Commentaire ». */
export function libelleCommentaireDe(cible: EtatWorkflow | undefined): string {
  const base = cible?.libelleCommentaire ?? 'Commentaire';
  return `${base}${cible?.commentaireObligatoire ? ' (obligatoire)' : ' (facultatif)'}`;
}

/** « Traitement du dossier »: the slots of the next states, the new state and its comment. */
export function NouvelEtat(props: { dossier: DossierLocal; recharger: () => void }) {
  const { dossier } = props;
  const { workflowDe, referentiel, toast, connexion } = useApp();
  const horsLigne = () => connexion.mode !== 'en-ligne';
  const wf = dossier.demarche ? workflowDe(dossier.demarche.code) : undefined;
  const etatActuel = dossier.etat;
  const suivants = useMemo(
    () => (wf && etatActuel !== null ? etatsSuivants(wf, etatActuel) : []),
    [wf, etatActuel],
  );
  const slots = useMemo(
    () => (wf && etatActuel !== null ? piecesDeposablesDepuis(wf, etatActuel) : []),
    [wf, etatActuel],
  );
  const [etat, setEtat] = useState<string>('');
  const [commentaire, setCommentaire] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const lectureSeule = connexion.mode === 'lecture-seule';

  const cible = wf && etat ? etatDe(wf, Number(etat)) : undefined;
  const demarche = referentiel?.demarches.find((x) => x.code === dossier.demarche?.code);
  const deposes = new Set([
    ...dossier.piecesDeposees.map((p) => p.slot),
    ...dossier.actions.filter((a) => a.type === 'piece' && a.statut !== 'annulee').map((a) => a.slot ?? ''),
  ]);
  const manquantes =
    cible && demarche
      ? demarche.piecesRequises
          .filter((p) => p.etat === cible.code && !deposes.has(p.slot))
          .map((p) => libelleSlot(wf, p.slot))
      : [];

  async function envoyer(ev: FormEvent) {
    ev.preventDefault();
    setErreur(null);
    if (!cible) {
      setErreur('Choisissez le nouvel état du dossier.');
      return;
    }
    if (cible.commentaireObligatoire && !commentaire.trim()) {
      setErreur(
        cible.libelleCommentaire
          ? `« ${cible.libelleCommentaire} » est obligatoire pour l'état « ${cible.libelle} ».`
          : `Un commentaire est obligatoire pour l'état « ${cible.libelle} ».`,
      );
      return;
    }
    setEnvoi(true);
    try {
      const cree = await api.call('actions.changerEtat', {
        numero: dossier.numero,
        etat: cible.code,
        ...(commentaire.trim() ? { commentaire: commentaire.trim() } : {}),
      });
      setEtat('');
      setCommentaire('');
      props.recharger();
      const a = cree.statut === 'envoyee' ? null : await attendreAction(cree.id, horsLigne);
      if (a && (a.statut === 'refusee' || a.statut === 'conflit')) {
        setErreur(a.erreur ?? 'Le guichet a refusé ce changement d’état.');
      } else if (a === null) {
        toast(`Nouvel état envoyé : « ${cible.libelle} ».`, 'succes');
      } else {
        toast(`Hors ligne : le changement d'état vers « ${cible.libelle} » est en file d'attente.`, 'info');
      }
      props.recharger();
    } catch (e) {
      setErreur(versErreurApp(e).message);
    } finally {
      setEnvoi(false);
    }
  }

  if (suivants.length === 0) {
    return (
      <section className="panneau" aria-labelledby="titre-nouvel-etat">
        <h2 id="titre-nouvel-etat">Nouvel état du dossier</h2>
        <p>Ce dossier est à un état final : aucun autre état ne peut être choisi.</p>
      </section>
    );
  }

  return (
    <section className="panneau" aria-labelledby="titre-nouvel-etat">
      <h2 id="titre-nouvel-etat">Traitement du dossier</h2>
      {slots.length > 0 && (
        <div className="slots">
          <h3>Pièces jointes déposables</h3>
          <p className="discret petit">À déposer avant de changer l'état du dossier.</p>
          {slots.map((p) => (
            <SlotPiece
              key={p.slot}
              piece={p}
              dossier={dossier}
              deposee={deposes.has(p.slot)}
              onDepose={props.recharger}
              desactive={lectureSeule}
            />
          ))}
        </div>
      )}
      <form onSubmit={(e) => void envoyer(e)} className="formulaire">
        <ChampListe
          id="nouvel-etat"
          libelle="Nouvel état du dossier"
          valeur={etat}
          onValeur={setEtat}
          required
        >
          <option value="">Faites votre choix</option>
          {suivants.map((e) => (
            <option key={e.code} value={e.code}>
              {e.libelle}
            </option>
          ))}
        </ChampListe>
        <ChampTexte
          id="commentaire"
          libelle={libelleCommentaireDe(cible)}
          rows={4}
          maxLength={4000}
          valeur={commentaire}
          onValeur={setCommentaire}
          required={cible?.commentaireObligatoire ?? false}
          aide={
            cible?.notifie
              ? "L'usager est informé de ce nouvel état et lit ce commentaire."
              : 'Visible dans l’historique.'
          }
        />
        {manquantes.length > 0 && (
          <p className="alerte avertissement">
            Pour passer à « {cible?.libelle} », déposez d'abord : {manquantes.join(', ')}.
          </p>
        )}
        <Message texte={erreur} />
        <Actions envoyer="Envoyer" desactive={envoi || lectureSeule} />
      </form>
    </section>
  );
}
