import { useState } from 'react';
import type { EtatConnexion } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { Confirmation } from '../composants/Confirmation.js';
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
      {tdb.erreur && (
        <p role="alert" className="alerte erreur">
          {tdb.erreur}
        </p>
      )}
      {!t && !tdb.erreur && <p aria-busy="true">Chargement…</p>}
      {t && (
        <>
          <section className="tuiles" aria-label="Chiffres clés">
            <button type="button" className="tuile" onClick={() => aller({ nom: 'dossiers' })}>
              <span className="chiffre">{nombre(t.total)}</span>
              <span className="legende">télédossiers connus</span>
            </button>
            <div className="tuile">
              <span className="chiffre">{nombre(t.nouveauxDepuisDerniereVisite)}</span>
              <span className="legende">nouveaux depuis votre dernière visite</span>
            </div>
            <div className={`tuile ${t.expirentBientotNonArchives > 0 ? 'attention' : ''}`}>
              <span className="chiffre">{nombre(t.expirentBientotNonArchives)}</span>
              <span className="legende">expirent dans 7 jours et ne sont pas archivés</span>
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
            </div>
            <div className="tuile">
              <span className="chiffre">{nombre(t.archives)}</span>
              <span className="legende">archivés sur ce poste</span>
            </div>
          </section>

          {tache.progression && <Progression tache={tache} />}

          <div className="colonnes">
            <section aria-labelledby="titre-etats" className="panneau">
              <h2 id="titre-etats">Par état</h2>
              <table className="table-simple">
                <thead>
                  <tr>
                    <th scope="col">État</th>
                    <th scope="col" className="nombre">
                      Dossiers
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {t.parEtat.map((e) => (
                    <tr key={e.etat}>
                      <td>{e.libelle}</td>
                      <td className="nombre">{nombre(e.nombre)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="titre-demarches" className="panneau">
              <h2 id="titre-demarches">Par démarche</h2>
              <table className="table-simple">
                <thead>
                  <tr>
                    <th scope="col">Démarche</th>
                    <th scope="col" className="nombre">
                      Dossiers
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {t.parDemarche.map((d) => (
                    <tr key={d.code}>
                      <td>{d.intitule}</td>
                      <td className="nombre">{nombre(d.nombre)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
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
