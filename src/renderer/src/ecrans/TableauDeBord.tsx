import { useState } from 'react';
import type { EtatConnexion } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { TableauComptes, Tuile } from '../composants/Compteurs.js';
import { Confirmation } from '../composants/Confirmation.js';
import { Message } from '../composants/Formulaire.js';
import { Progression, useTacheArchives } from '../composants/Progression.js';
import { Titre } from '../composants/Titre.js';
import { useApp, useAppel, useEvenement } from '../contexte.js';
import { dateHeure, nombre, pluriel } from '../format.js';

export function TableauDeBord(props: { connexion: EtatConnexion; synchroniser: () => Promise<void> }) {
  const { aller, toast } = useApp();
  const tdb = useAppel('tableauDeBord.lire', {});
  const [confirmer, setConfirmer] = useState(false);
  const tache = useTacheArchives(() => tdb.recharger());

  useEvenement('dossiers.changes', () => tdb.recharger());
  useEvenement('fileAttente.changee', () => tdb.recharger());
  useEvenement('synchro.terminee', () => tdb.recharger());

  async function archiverExpirants() {
    setConfirmer(false);
    try {
      const r = await api.call('archives.telecharger', {
        selection: { filtre: { expireDansJours: 7, archive: false, supprimes: 'exclure' } },
      });
      tache.demarrer(r.tacheId, r.total);
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  const t = tdb.donnees;
  const connexion = t ? { ...t.connexion, ...props.connexion } : props.connexion;
  return (
    <>
      <div className="titre-ligne">
        <Titre>Tableau de bord</Titre>
        <button
          type="button"
          className="principal"
          onClick={() => void props.synchroniser()}
          disabled={connexion.synchroEnCours || connexion.mode === 'lecture-seule'}
        >
          Synchroniser
        </button>
      </div>
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
            <Tuile
              chiffre={t.expirentBientotNonArchives}
              legende="expirent dans 7 jours et ne sont pas archivés"
              attention={t.expirentBientotNonArchives > 0}
            >
              {t.expirentBientotNonArchives > 0 && (
                <button
                  type="button"
                  className="principal"
                  onClick={() => setConfirmer(true)}
                  disabled={tache.enCours}
                >
                  Archiver les {nombre(t.expirentBientotNonArchives)} dossiers
                </button>
              )}
            </Tuile>
            <Tuile chiffre={t.archives} legende="archivés sur ce poste" />
          </section>

          {tache.progression && <Progression tache={tache} />}

          <div className="colonnes">
            <TableauComptes
              idTitre="titre-etats"
              titre="Par état"
              colonne="État"
              lignes={t.parEtat.map((e) => ({ cle: e.etat, libelle: e.libelle, nombre: e.nombre }))}
            />
            <TableauComptes
              idTitre="titre-demarches"
              titre="Par démarche"
              colonne="Démarche"
              lignes={t.parDemarche.map((d) => ({ cle: d.code, libelle: d.intitule, nombre: d.nombre }))}
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
            {pluriel(t.expirentBientotNonArchives, 'dossier')} expirant dans les 7 jours vont être téléchargés
            et archivés sur ce poste.
          </p>
        </Confirmation>
      )}
    </>
  );
}
