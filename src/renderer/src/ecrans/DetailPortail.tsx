import { useState, type ReactNode } from 'react';
import type { ContenuDossier, DossierLocal } from '../../../shared/app-api/index.js';
import type { Portail } from '../../../shared/api/schemas.js';
import type { LimitesEchanges, Workflow } from '../../../shared/workflow/index.js';
import { ActionsDossier } from '../composants/ActionsDossier.js';
import { BarreOnglets, PanneauOnglet, type DefinitionOnglet } from '../composants/BarreOnglets.js';
import { Donnees } from '../composants/Donnees.js';
import { Pastille } from '../composants/Pastille.js';
import { Demandeur } from '../composants/portail/Demandeur.js';
import { Echanges } from '../composants/portail/Echanges.js';
import { HistoriquePortail } from '../composants/portail/HistoriquePortail.js';
import { Justificatifs } from '../composants/portail/Justificatifs.js';
import { PiecesJointes } from '../composants/portail/PiecesJointes.js';
import { RendezVous } from '../composants/portail/RendezVous.js';
import { useApp, type Chargement } from '../contexte.js';
import { date } from '../format.js';

type OngletPortail =
  'demandeur' | 'demande' | 'historique' | 'echanges' | 'justificatifs' | 'pieces' | 'rendez-vous';

/** The tab each dossier was left on, found again when the agent comes back to it. */
const ongletsQuittes = new Map<string, OngletPortail>();

/**
 * A portal demande, as the citizen's « Suivi de la demande » (seed 001) seen from the mairie:
 * a summary, then the tabs; « Traitement du dossier » stays beside them.
 */
export function DetailPortail(props: {
  dossier: DossierLocal;
  portail: Portail;
  workflow: Workflow;
  limites: LimitesEchanges;
  contenu: Chargement<ContenuDossier>;
  recharger: () => void;
  /** « Suivi de la démarche » (état, archive, download), shown in « La demande ». */
  suivi: ReactNode;
  cote: ReactNode;
}) {
  const { dossier: d, portail, workflow } = props;
  const { libelle } = useApp();
  const [onglet, setOnglet] = useState<OngletPortail>(() => ongletsQuittes.get(d.numero) ?? 'demande');
  function choisir(o: OngletPortail) {
    ongletsQuittes.set(d.numero, o);
    setOnglet(o);
  }

  const aExaminer = portail.justificatifs.filter((j) => j.statut === 'fourni').length;
  const planifies = portail.rendezVous.filter((r) => r.statut === 'planifie').length;
  const onglets: DefinitionOnglet<OngletPortail>[] = [
    { cle: 'demandeur', libelle: 'Le demandeur' },
    { cle: 'demande', libelle: 'La demande' },
    { cle: 'historique', libelle: 'Historique' },
    {
      cle: 'echanges',
      libelle: 'Échanges',
      pastille: (
        <Pastille
          nombre={d.messagesNonLus.length}
          singulier="message non lu"
          pluriel="messages non lus"
          genre="alerte"
        />
      ),
    },
    {
      cle: 'justificatifs',
      libelle: 'Justificatifs',
      pastille: <Pastille nombre={aExaminer} singulier="à examiner" pluriel="à examiner" />,
    },
    { cle: 'pieces', libelle: 'Pièces jointes' },
    {
      cle: 'rendez-vous',
      libelle: 'Rendez-vous',
      pastille: <Pastille nombre={planifies} singulier="planifié" pluriel="planifiés" />,
    },
  ];

  let contenu: ReactNode;
  switch (onglet) {
    case 'demandeur':
      contenu = <Demandeur demandeur={portail.demandeur} />;
      break;
    case 'demande':
      contenu = (
        <>
          {props.suivi}
          <Donnees
            contenu={props.contenu.donnees}
            erreur={props.contenu.erreur}
            archive={d.archiveLocale !== null}
          />
        </>
      );
      break;
    case 'historique':
      contenu = <HistoriquePortail dossier={d} portail={portail} workflow={workflow} />;
      break;
    case 'echanges':
      contenu = (
        <Echanges dossier={d} portail={portail} limites={props.limites} recharger={props.recharger} />
      );
      break;
    case 'justificatifs':
      contenu = (
        <Justificatifs dossier={d} portail={portail} workflow={workflow} recharger={props.recharger} />
      );
      break;
    case 'pieces':
      contenu = (
        <PiecesJointes
          dossier={d}
          workflow={workflow}
          contenu={props.contenu.donnees}
          erreurContenu={props.contenu.erreur}
        />
      );
      break;
    case 'rendez-vous':
      contenu = <RendezVous dossier={d} portail={portail} recharger={props.recharger} />;
      break;
  }

  const demandeur = portail.demandeur;
  // The portal's own actions are shown where they belong (thread, justificatifs, rendez-vous).
  const autres = d.actions.filter((a) => a.type === 'etat' || a.type === 'piece' || a.type === 'cloture');
  return (
    <div className="detail-grille">
      <div className="detail-principal">
        <dl className="resume-portail" aria-label="Résumé de la demande">
          <div>
            <dt>Demandeur</dt>
            <dd>
              {demandeur.prenom} {demandeur.nom}
            </dd>
          </div>
          <div>
            <dt>Démarche</dt>
            <dd>{d.demarche?.intitule ?? 'inconnue'}</dd>
          </div>
          <div>
            <dt>État</dt>
            <dd>
              <strong>{d.etat !== null ? libelle(d.etat, d.demarche?.code) : 'inconnu'}</strong>
            </dd>
          </div>
          <div>
            <dt>Expire le</dt>
            <dd>{date(d.expireLe)}</dd>
          </div>
        </dl>
        {autres.length > 0 && <ActionsDossier actions={autres} workflow={workflow} />}
        <BarreOnglets
          onglets={onglets}
          valeur={onglet}
          onChoisir={choisir}
          libelle="Suivi de la demande"
          prefixe="portail"
        />
        <PanneauOnglet prefixe="portail" cle={onglet}>
          {contenu}
        </PanneauOnglet>
      </div>
      {props.cote}
    </div>
  );
}
