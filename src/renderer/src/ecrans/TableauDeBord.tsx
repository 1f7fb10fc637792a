import { useState } from 'react';
import type { EtatConnexion } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { TableauComptes, Tuile } from '../composants/Compteurs.js';
import { TuileAlerte } from '../composants/TuileAlerte.js';
import { Confirmation } from '../composants/Confirmation.js';
import { ControleArchives } from '../composants/ControleArchives.js';
import { DossiersIllisibles, ID_DOSSIERS_ILLISIBLES } from '../composants/DossiersIllisibles.js';
import { Pertes } from '../composants/Pertes.js';
import { Message } from '../composants/Formulaire.js';
import { Progression, useTacheArchives } from '../composants/Progression.js';
import { Titre } from '../composants/Titre.js';
import { useApp, useAppel, useEvenement } from '../contexte.js';
import { dateHeure, nombre, pluriel } from '../format.js';
import { ouvrirListe, ouvrirListeFiltree } from './Teledossiers.js';

export function TableauDeBord(props: { connexion: EtatConnexion }) {
  const { aller, toast, referentiel } = useApp();
  const tdb = useAppel('tableauDeBord.lire', {});
  const [confirmer, setConfirmer] = useState(false);
  // The automatic archiving after a sync is started by the core, not here: follow it too.
  const tache = useTacheArchives(() => tdb.recharger(), { adopter: true });

  useEvenement('dossiers.changes', () => tdb.recharger());
  useEvenement('fileAttente.changee', () => tdb.recharger());
  useEvenement('synchro.terminee', () => tdb.recharger());

  async function archiverExpirants() {
    setConfirmer(false);
    try {
      const r = await api.call('archives.telecharger', {
        selection: { filtre: { risque: true, supprimes: 'inclure' } },
      });
      tache.demarrer(r.tacheId, r.total);
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  const t = tdb.donnees;
  const illisiblesNonAcquittes = t?.quarantaine.filter((q) => !q.acquitte).length ?? 0;
  const connexion = t ? { ...t.connexion, ...props.connexion } : props.connexion;
  const workflows = referentiel?.workflows ?? [];
  // The portal's cards only when one of this guichet's workflows has échanges with the citizen.
  const avecEchanges = workflows.some((w) => w.echanges !== undefined);
  /** Two workflows may name a state alike: each row then says whose it is. */
  const workflowDeLEtat = (etat: number) =>
    workflows.length > 1 ? workflows.find((w) => w.etats.some((e) => e.code === etat))?.libelle : undefined;
  return (
    <>
      {/* « Synchroniser » is in the header, on every screen: a second button here said the same. */}
      <Titre>Tableau de bord</Titre>
      <Message texte={tdb.erreur} />
      {!t && !tdb.erreur && <p aria-busy="true">Chargement…</p>}
      {t && (
        <>
          <section className="tuiles" aria-label="Chiffres clés">
            <Tuile
              chiffre={t.total}
              legende="télédossiers connus"
              onClick={() => aller({ nom: 'dossiers' })}
            />
            <Tuile chiffre={t.nouveauxDepuisDerniereVisite} legende="nouveaux depuis votre dernière visite" />
            <TuileAlerte
              chiffre={t.aRisque}
              titre="À risque"
              legende={`expirent dans ${pluriel(t.joursRisque, 'jour')} sans archive locale (clos compris)`}
              voir="Voir les dossiers à risque"
              onVoir={() => ouvrirListeFiltree(aller, 'risque')}
            >
              {t.aRisque > 0 && (
                <button
                  type="button"
                  className="principal"
                  onClick={() => setConfirmer(true)}
                  disabled={tache.enCours || connexion.mode === 'lecture-seule'}
                >
                  Archiver les {nombre(t.aRisque)} dossiers
                </button>
              )}
            </TuileAlerte>
            <TuileAlerte
              chiffre={t.perdus}
              titre="Perdus"
              legende={`supprimés du guichet sans archive locale${t.perdus > 0 ? ` · ${pluriel(t.perdusNonAcquittes, 'non pris en connaissance', 'non pris en connaissance')}` : ''}`}
              voir="Voir les dossiers perdus"
              onVoir={() => ouvrirListeFiltree(aller, 'perdus')}
              alerte={t.perdusNonAcquittes > 0}
            />
            {t.archivesDefectueuses > 0 && (
              <TuileAlerte
                chiffre={t.archivesDefectueuses}
                titre="Archives à contrôler"
                legende="archives locales manquantes ou endommagées"
                voir="Voir les archives à contrôler"
                onVoir={() => ouvrirListeFiltree(aller, 'defectueuses')}
              />
            )}
            {illisiblesNonAcquittes > 0 && (
              <TuileAlerte
                chiffre={illisiblesNonAcquittes}
                titre="Dossiers illisibles"
                legende="envoyés non conformes par le guichet : ni enregistrés ni archivés"
                voir="Voir les dossiers illisibles"
                onVoir={() => document.getElementById(ID_DOSSIERS_ILLISIBLES)?.scrollIntoView()}
              />
            )}
            {avecEchanges && (
              <>
                <TuileAlerte
                  chiffre={t.messagesNonLus}
                  titre="Messages non lus"
                  legende={`de l’usager, dans ${pluriel(t.dossiersMessagesNonLus, 'dossier')}`}
                  voir="Voir les messages non lus"
                  onVoir={() => ouvrirListe(aller, { messagesNonLus: true })}
                  alerte={false}
                />
                <TuileAlerte
                  chiffre={t.aRevoir}
                  titre="À revoir"
                  legende="demandes rectifiées par l’usager"
                  voir="Voir les dossiers à revoir"
                  onVoir={() => ouvrirListe(aller, { onglet: 'a-revoir' })}
                  alerte={false}
                />
                <TuileAlerte
                  chiffre={t.rendezVousProches}
                  titre="Rendez-vous proches"
                  legende="planifiés dans les 7 prochains jours"
                  voir="Voir les rendez-vous proches"
                  onVoir={() => ouvrirListe(aller, { rendezVousProches: true })}
                  alerte={false}
                />
              </>
            )}
            <Tuile chiffre={t.archives} legende="archivés sur ce poste" />
          </section>

          {tache.progression && <Progression tache={tache} />}

          <Pertes surChangement={() => tdb.recharger()} />

          <DossiersIllisibles liste={t.quarantaine} surChangement={() => tdb.recharger()} />

          <div className="colonnes">
            <TableauComptes
              idTitre="titre-etats"
              titre="Par état"
              colonne="État"
              lignes={t.parEtat.map((e) => {
                const wf = workflowDeLEtat(e.etat);
                return {
                  cle: e.etat,
                  libelle: wf ? (
                    <>
                      {e.libelle} <span className="discret petit">({wf})</span>
                    </>
                  ) : (
                    e.libelle
                  ),
                  nombre: e.nombre,
                };
              })}
            />
            <TableauComptes
              idTitre="titre-demarches"
              titre="Par démarche"
              colonne="Démarche"
              lignes={t.parDemarche.map((d) => ({ cle: d.code, libelle: d.intitule, nombre: d.nombre }))}
            />
            <ControleArchives
              derniereVerification={t.derniereVerification}
              nombreArchives={t.archives}
              surFin={() => tdb.recharger()}
            />
            <section aria-labelledby="titre-file" className="panneau">
              <h2 id="titre-file">File d'attente</h2>
              <dl className="compteurs">
                <dt>En attente</dt>
                <dd>{nombre(t.fileAttente.enAttente)}</dd>
                <dt>En conflit</dt>
                <dd className={t.fileAttente.conflit ? 'texte-attention' : ''}>
                  {nombre(t.fileAttente.conflit)}
                </dd>
                <dt>Refusées</dt>
                <dd className={t.fileAttente.refusee ? 'texte-erreur' : ''}>
                  {nombre(t.fileAttente.refusee)}
                </dd>
              </dl>
              <button type="button" onClick={() => aller({ nom: 'file' })}>
                Voir la file d'attente
              </button>
              <h2>Synchronisation</h2>
              <p>
                {connexion.synchroEnCours
                  ? 'Synchronisation en cours…'
                  : `Dernière synchronisation : ${connexion.derniereSynchro ? dateHeure(connexion.derniereSynchro) : 'jamais'}`}
              </p>
            </section>
          </div>
        </>
      )}
      {confirmer && t && (
        <Confirmation
          titre="Archiver les dossiers qui expirent"
          confirmer="Archiver"
          onConfirmer={() => void archiverExpirants()}
          onAnnuler={() => setConfirmer(false)}
        >
          <p>
            {pluriel(t.aRisque, 'dossier')} expirant dans les {nombre(t.joursRisque)} jours vont être
            téléchargés et archivés sur ce poste.
          </p>
        </Confirmation>
      )}
    </>
  );
}
