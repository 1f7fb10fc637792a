import { api, versErreurApp } from '../api.js';
import { ActionsDossier } from '../composants/ActionsDossier.js';
import { Donnees } from '../composants/Donnees.js';
import { Message } from '../composants/Formulaire.js';
import { HistoriqueEtats } from '../composants/HistoriqueEtats.js';
import { NouvelEtat } from '../composants/NouvelEtat.js';
import { Pieces } from '../composants/Pieces.js';
import { useTacheArchives } from '../composants/Progression.js';
import { SuiviDossier } from '../composants/SuiviDossier.js';
import { Titre } from '../composants/Titre.js';
import { useApp, useAppel, useEvenement } from '../contexte.js';
import { DetailPortail } from './DetailPortail.js';

export function DetailDossier(props: { numero: string }) {
  const { numero } = props;
  const { aller, workflowDe, toast, referentiel, connexion } = useApp();
  const detail = useAppel('dossiers.detail', { numero }, [numero]);
  const contenu = useAppel('dossiers.contenu', { numero }, [numero]);
  const tache = useTacheArchives(() => {
    detail.recharger();
    contenu.recharger();
  });

  useEvenement('dossiers.changes', (e) => {
    if (!e.numeros || e.numeros.includes(numero)) detail.recharger();
  });
  useEvenement('fileAttente.changee', () => detail.recharger());

  const d = detail.donnees;

  async function telecharger() {
    try {
      const r = await api.call('archives.telecharger', { selection: { numeros: [numero] } });
      tache.demarrer(r.tacheId, r.total);
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  async function rafraichir() {
    try {
      await api.call('dossiers.rafraichir', { numero });
      detail.recharger();
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  const wf = d?.demarche && d.etat !== null ? workflowDe(d.demarche.code) : undefined;
  const cote = (
    <div className="detail-cote">
      {d && wf ? (
        <NouvelEtat dossier={d} recharger={detail.recharger} />
      ) : (
        <p className="discret">{referentiel ? 'Workflow inconnu pour cette démarche.' : 'Chargement…'}</p>
      )}
    </div>
  );
  const suivi = d && (
    <SuiviDossier
      dossier={d}
      recharger={detail.recharger}
      tache={tache}
      onTelecharger={() => void telecharger()}
    />
  );
  return (
    <div className="ecran-detail">
      <div className="titre-ligne">
        <Titre>Dossier {numero}</Titre>
        <div className="actions">
          <button type="button" onClick={() => aller({ nom: 'dossiers' })}>
            Retour à la liste
          </button>
          <button type="button" onClick={() => void rafraichir()} disabled={connexion.mode !== 'en-ligne'}>
            Rafraîchir
          </button>
        </div>
      </div>
      <Message texte={detail.erreur} />
      {!d && !detail.erreur && <p aria-busy="true">Chargement…</p>}
      {d && d.portail && wf?.echanges ? (
        <DetailPortail
          dossier={d}
          portail={d.portail}
          workflow={wf}
          limites={wf.echanges}
          contenu={contenu}
          recharger={detail.recharger}
          suivi={suivi}
          cote={cote}
        />
      ) : (
        d && (
          <div className="detail-grille">
            <div className="detail-principal">
              {suivi}
              {d.actions.length > 0 && <ActionsDossier actions={d.actions} workflow={wf} />}
              <Donnees contenu={contenu.donnees} erreur={contenu.erreur} archive={d.archiveLocale !== null} />
              {contenu.donnees && contenu.donnees.fichiers.length > 0 && (
                <Pieces numero={numero} fichiers={contenu.donnees.fichiers} />
              )}
              <HistoriqueEtats dossier={d} workflow={wf} />
            </div>
            {cote}
          </div>
        )
      )}
    </div>
  );
}
