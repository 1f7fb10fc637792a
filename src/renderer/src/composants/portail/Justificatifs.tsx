import { useState } from 'react';
import type { DossierLocal } from '../../../../shared/app-api/index.js';
import type { Justificatif, Portail } from '../../../../shared/api/schemas.js';
import { nettoyerNom } from '../../../../shared/noms.js';
import { etatsSuivants, type Workflow } from '../../../../shared/workflow/index.js';
import { api, versErreurApp } from '../../api.js';
import { useApp } from '../../contexte.js';
import { dateHeure, taille } from '../../format.js';
import { useSuivreAction } from '../../suivre-action.js';
import { ActionsEnAttente } from './ActionsEnAttente.js';
import { DialogueFormulaire } from '../DialogueFormulaire.js';
import { ChampTexte, Message } from '../Formulaire.js';
import { useOuverture, Visionneuse } from '../Visionneuse.js';
import { DemandeCorrection, etatCorrection } from './DemandeCorrection.js';
import { LIBELLE_STATUT_JUSTIFICATIF } from './libelles.js';

/** « Justificatifs »: each one's statut, its file opened in the viewer, valide / invalide, and « Demander une correction ». */
export function Justificatifs(props: {
  dossier: DossierLocal;
  portail: Portail;
  workflow: Workflow;
  recharger: () => void;
}) {
  const { dossier, portail, workflow } = props;
  const numero = dossier.numero;
  const { toast, connexion } = useApp();
  const suivre = useSuivreAction();
  const { apercu, fermer, recevoir } = useOuverture(numero);
  const [erreur, setErreur] = useState<string | null>(null);
  const [refuser, setRefuser] = useState<Justificatif | null>(null);
  const [motif, setMotif] = useState('');
  const [correction, setCorrection] = useState(false);
  const [occupe, setOccupe] = useState<string | null>(null);
  const lectureSeule = connexion.mode === 'lecture-seule';
  const cibleCorrection = etatCorrection(workflow);
  const correctionPossible =
    cibleCorrection !== undefined &&
    dossier.etat !== null &&
    etatsSuivants(workflow, dossier.etat).some((e) => e.code === cibleCorrection.code);

  async function ouvrir(j: Justificatif) {
    setErreur(null);
    try {
      recevoir(await api.call('justificatifs.ouvrir', { numero, id: j.id }));
    } catch (e) {
      const err = versErreurApp(e);
      if (err.code === 'ouverture_refusee') setErreur(err.message);
      else toast(err.message, 'erreur');
    }
  }

  async function decider(j: Justificatif, statut: 'valide' | 'invalide', motifRefus?: string) {
    setErreur(null);
    setOccupe(j.id);
    try {
      const cree = await api.call('justificatifs.decider', {
        numero,
        id: j.id,
        statut,
        ...(motifRefus ? { motif: motifRefus } : {}),
      });
      props.recharger();
      const mot = statut === 'valide' ? 'valide' : 'invalide';
      const refus = await suivre([cree], {
        envoye: `Justificatif « ${j.libelle} » marqué ${mot}.`,
        enAttente: `Hors ligne : la décision sur « ${j.libelle} » est en file d'attente.`,
        refus: 'Le guichet a refusé cette décision.',
      });
      props.recharger();
      return refus;
    } finally {
      setOccupe(null);
    }
  }

  const enAttente = dossier.actions.filter((a) => a.type === 'justificatif');
  return (
    <>
      <section className="panneau" aria-labelledby="titre-justificatifs">
        <h2 id="titre-justificatifs">Justificatifs</h2>
        {portail.justificatifs.length === 0 ? (
          <p className="vide">Cette demande ne requiert aucun justificatif.</p>
        ) : (
          <table className="table-simple table-justificatifs">
            <caption className="visuellement-cache">Justificatifs de la demande et leur statut</caption>
            <thead>
              <tr>
                <th scope="col">Justificatif</th>
                <th scope="col">Statut</th>
                <th scope="col">Fichier fourni</th>
                <th scope="col">
                  <span className="visuellement-cache">Commandes</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {portail.justificatifs.map((j) => (
                <tr key={j.id}>
                  <th scope="row">{j.libelle}</th>
                  <td>
                    <span className={`badge justificatif-${j.statut}`}>
                      {LIBELLE_STATUT_JUSTIFICATIF[j.statut]}
                    </span>
                    {j.statut === 'invalide' && j.motif && <div className="petit">Motif : {j.motif}</div>}
                    {j.decideLe && (j.statut === 'valide' || j.statut === 'invalide') && (
                      <div className="discret petit">le {dateHeure(j.decideLe)}</div>
                    )}
                  </td>
                  <td>
                    {j.fichier ? (
                      <>
                        <span className="nom-fichier">{nettoyerNom(j.fichier.nom)}</span>
                        <div className="discret petit">
                          {taille(j.fichier.taille)} · fourni le {dateHeure(j.fichier.le)}
                        </div>
                        <button type="button" className="compact" onClick={() => void ouvrir(j)}>
                          Ouvrir<span className="visuellement-cache"> {j.libelle}</span>
                        </button>
                      </>
                    ) : (
                      <span className="discret">aucun</span>
                    )}
                  </td>
                  <td>
                    <div className="commandes en-ligne">
                      <button
                        type="button"
                        className="compact"
                        onClick={() =>
                          void decider(j, 'valide').then(
                            (r) => r && setErreur(r),
                            (e: unknown) => setErreur(versErreurApp(e).message),
                          )
                        }
                        disabled={!j.fichier || j.statut === 'valide' || occupe !== null || lectureSeule}
                      >
                        Valide<span className="visuellement-cache"> : {j.libelle}</span>
                      </button>
                      <button
                        type="button"
                        className="compact"
                        onClick={() => {
                          setMotif('');
                          setRefuser(j);
                        }}
                        disabled={!j.fichier || j.statut === 'invalide' || occupe !== null || lectureSeule}
                      >
                        Invalide…<span className="visuellement-cache"> : {j.libelle}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ActionsEnAttente actions={enAttente} libelle="Décisions non encore acquittées par le guichet" />
        <Message texte={erreur} />
        <div className="actions debut">
          {correctionPossible ? (
            <button type="button" onClick={() => setCorrection(true)} disabled={lectureSeule}>
              Demander une correction
            </button>
          ) : (
            cibleCorrection && (
              <p className="discret petit">
                Une correction ne peut pas être demandée à l'état actuel de la demande.
              </p>
            )
          )}
        </div>
      </section>
      {apercu && <Visionneuse piece={apercu} fermer={fermer} />}
      {refuser && (
        <DialogueFormulaire
          id="dialogue-invalide"
          titre={`Justificatif invalide : ${refuser.libelle}`}
          envoyer="Marquer invalide"
          danger
          onAnnuler={() => setRefuser(null)}
          onEnvoyer={async () => {
            if (!motif.trim()) return 'Un motif est obligatoire pour refuser un justificatif.';
            const j = refuser;
            setRefuser(null);
            const r = await decider(j, 'invalide', motif.trim());
            if (r) setErreur(r);
          }}
        >
          <ChampTexte
            id="motif-invalide"
            libelle="Motif du refus (envoyé à l’usager)"
            rows={3}
            maxLength={1000}
            required
            valeur={motif}
            onValeur={setMotif}
          />
        </DialogueFormulaire>
      )}
      {correction && cibleCorrection && (
        <DemandeCorrection
          dossier={dossier}
          portail={portail}
          cible={cibleCorrection}
          fermer={() => setCorrection(false)}
          recharger={props.recharger}
        />
      )}
    </>
  );
}
