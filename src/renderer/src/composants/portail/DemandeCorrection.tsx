import { useState } from 'react';
import type { DossierLocal } from '../../../../shared/app-api/index.js';
import type { Portail } from '../../../../shared/api/schemas.js';
import type { EtatWorkflow, Workflow } from '../../../../shared/workflow/index.js';
import { api } from '../../api.js';
import { useSuivreAction } from '../../suivre-action.js';
import { DialogueFormulaire } from '../DialogueFormulaire.js';
import { CaseACocher, ChampSaisie, ChampTexte } from '../Formulaire.js';

/** The state « Demander une correction » gives: the one where the service waits for the citizen. */
export function etatCorrection(workflow: Workflow): EtatWorkflow | undefined {
  return workflow.etats.find((e) => e.attentePieces);
}

/** What to ask first: the justificatifs not provided or refused. */
function manqueInitial(portail: Portail): string {
  const manquants = portail.justificatifs.filter((j) => j.statut === 'non-fourni' || j.statut === 'invalide');
  return manquants.length ? `Merci de fournir : ${manquants.map((j) => `« ${j.libelle} »`).join(', ')}.` : '';
}

/**
 * « Demander une correction »: what is missing (sent to the citizen), and the provided justificatifs
 * to refuse, each with its motif. The demande becomes incomplet and the citizen gets a message.
 */
export function DemandeCorrection(props: {
  dossier: DossierLocal;
  portail: Portail;
  cible: EtatWorkflow;
  fermer: () => void;
  recharger: () => void;
}) {
  const { portail, cible } = props;
  const suivre = useSuivreAction();
  const [manque, setManque] = useState(() => manqueInitial(portail));
  const [invalides, setInvalides] = useState<Map<string, string>>(new Map());
  const refusables = portail.justificatifs.filter((j) => j.fichier && j.statut !== 'invalide');

  function cocher(id: string, coche: boolean) {
    setInvalides((m) => {
      const n = new Map(m);
      if (coche) n.set(id, n.get(id) ?? '');
      else n.delete(id);
      return n;
    });
  }

  async function envoyer(): Promise<string | void> {
    const libelleManque = cible.libelleCommentaire ?? 'Ce qui manque';
    if (!manque.trim()) return `« ${libelleManque} » est obligatoire.`;
    const sansMotif = refusables.find((j) => invalides.has(j.id) && !invalides.get(j.id)?.trim());
    if (sansMotif) return `Donnez le motif du refus de « ${sansMotif.libelle} ».`;
    const { actions } = await api.call('dossiers.demanderCorrection', {
      numero: props.dossier.numero,
      manque: manque.trim(),
      invalides: [...invalides].map(([id, motif]) => ({ id, motif: motif.trim() })),
    });
    props.recharger();
    const refus = await suivre(actions, {
      envoye: `Correction demandée : la demande passe à « ${cible.libelle} » et l'usager est prévenu.`,
      enAttente: "Hors ligne : la demande de correction est en file d'attente.",
      refus: 'Le guichet a refusé la demande de correction.',
    });
    props.recharger();
    if (refus) return refus;
    props.fermer();
  }

  return (
    <DialogueFormulaire
      id="dialogue-correction"
      titre="Demander une correction"
      envoyer="Demander la correction"
      onAnnuler={props.fermer}
      onEnvoyer={envoyer}
    >
      <p className="discret petit">
        La demande passera à l'état « {cible.libelle} » ; l'usager reçoit ce message.
      </p>
      <ChampTexte
        id="correction-manque"
        libelle={`${cible.libelleCommentaire ?? 'Ce qui manque'} (obligatoire)`}
        rows={4}
        maxLength={4000}
        required
        valeur={manque}
        onValeur={setManque}
      />
      {refusables.length > 0 && (
        <fieldset className="champ">
          <legend>Justificatifs à marquer invalides</legend>
          {refusables.map((j) => (
            <div key={j.id} className="refus-justificatif">
              <CaseACocher
                id={`refus-${j.id}`}
                libelle={j.libelle}
                coche={invalides.has(j.id)}
                onCoche={(c) => cocher(j.id, c)}
              />
              {invalides.has(j.id) && (
                <ChampSaisie
                  id={`motif-${j.id}`}
                  libelle={`Motif du refus de « ${j.libelle} »`}
                  maxLength={1000}
                  required
                  valeur={invalides.get(j.id) ?? ''}
                  onValeur={(v) => setInvalides((m) => new Map(m).set(j.id, v))}
                />
              )}
            </div>
          ))}
        </fieldset>
      )}
    </DialogueFormulaire>
  );
}
