import { useEffect, useState, type FormEvent } from 'react';
import type { Parametres as P, Profil } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { Titre } from '../composants/Titre.js';
import { useApp, useAppel } from '../contexte.js';
import { FormulaireProfil } from './Connexion.js';

export function Parametres() {
  const { info, toast, session } = useApp();
  const lus = useAppel('parametres.lire', {});
  const profils = useAppel('profils.lister', {});
  const [p, setP] = useState<P | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [profilEdite, setProfilEdite] = useState<Profil | 'nouveau' | null>(null);
  const [permission, setPermission] = useState<string>(
    'Notification' in window ? Notification.permission : 'indisponible',
  );

  useEffect(() => {
    if (lus.donnees) setP(lus.donnees);
  }, [lus.donnees]);

  async function enregistrer(ev: FormEvent) {
    ev.preventDefault();
    if (!p) return;
    setErreur(null);
    try {
      setP(await api.call('parametres.enregistrer', p));
      toast('Paramètres enregistrés.', 'succes');
    } catch (e) {
      setErreur(versErreurApp(e).message);
    }
  }

  async function choisirDossier() {
    try {
      const r = await api.call('parametres.choisirDossierArchives', {});
      if (r.dossier && p) setP({ ...p, dossierArchives: r.dossier });
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  async function supprimerProfil(id: string) {
    try {
      await api.call('profils.supprimer', { id });
      profils.recharger();
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  return (
    <>
      <Titre>Paramètres</Titre>
      <div className="colonnes deux">
        <section className="panneau" aria-labelledby="titre-archivage">
          <h2 id="titre-archivage">Archivage et synchronisation</h2>
          {lus.erreur && (
            <p role="alert" className="alerte erreur">
              {lus.erreur}
            </p>
          )}
          {p && (
            <form onSubmit={(e) => void enregistrer(e)} className="formulaire">
              <div className="champ">
                <label htmlFor="p-dossier">Dossier des archives</label>
                <div className="ligne">
                  <input
                    id="p-dossier"
                    value={p.dossierArchives}
                    onChange={(e) => setP({ ...p, dossierArchives: e.target.value })}
                    readOnly={info?.peutChoisirDossier}
                    required
                  />
                  {info?.peutChoisirDossier && (
                    <button type="button" onClick={() => void choisirDossier()}>
                      Choisir…
                    </button>
                  )}
                </div>
              </div>
              <div className="champ">
                <label htmlFor="p-intervalle">Intervalle de synchronisation (minutes)</label>
                <input
                  id="p-intervalle"
                  type="number"
                  min={1}
                  max={1440}
                  value={p.intervalleSynchroMinutes}
                  onChange={(e) => setP({ ...p, intervalleSynchroMinutes: Number(e.target.value) })}
                  required
                />
              </div>
              <div className="champ">
                <label htmlFor="p-concurrence">Téléchargements simultanés</label>
                <input
                  id="p-concurrence"
                  type="number"
                  min={1}
                  max={16}
                  value={p.concurrenceTelechargement}
                  onChange={(e) => setP({ ...p, concurrenceTelechargement: Number(e.target.value) })}
                  required
                />
              </div>
              <div className="champ case">
                <input
                  id="p-auto"
                  type="checkbox"
                  checked={p.autoArchive}
                  onChange={(e) => setP({ ...p, autoArchive: e.target.checked })}
                />
                <label htmlFor="p-auto">Archiver automatiquement les nouveaux dossiers</label>
              </div>
              <div className="champ case">
                <input
                  id="p-notif"
                  type="checkbox"
                  checked={p.notifications}
                  onChange={(e) => setP({ ...p, notifications: e.target.checked })}
                />
                <label htmlFor="p-notif">Notification à l'arrivée de nouveaux dossiers</label>
              </div>
              {info?.hote === 'web' && permission !== 'granted' && permission !== 'indisponible' && (
                <p className="petit">
                  <button
                    type="button"
                    onClick={() => void Notification.requestPermission().then((r) => setPermission(r))}
                  >
                    Autoriser les notifications du navigateur
                  </button>
                </p>
              )}
              {erreur && (
                <p role="alert" className="alerte erreur">
                  {erreur}
                </p>
              )}
              <div className="actions">
                <button type="submit" className="principal">
                  Enregistrer
                </button>
              </div>
            </form>
          )}
        </section>
        <section className="panneau" aria-labelledby="titre-profils">
          <h2 id="titre-profils">Profils</h2>
          <ul className="profils">
            {profils.donnees?.profils.map((pr) => (
              <li key={pr.id}>
                <div>
                  <strong>{pr.nom}</strong>
                  {pr.id === session.profil.id && <span className="badge">profil actuel</span>}
                  <div className="discret petit">
                    {pr.identifiant} · {pr.urlGuichet}
                    {pr.motDePasseMemorise ? ' · mot de passe enregistré' : ''}
                  </div>
                </div>
                <div className="actions">
                  <button type="button" onClick={() => setProfilEdite(pr)}>
                    Modifier<span className="visuellement-cache"> {pr.nom}</span>
                  </button>
                  {pr.id !== session.profil.id && (
                    <button type="button" onClick={() => void supprimerProfil(pr.id)}>
                      Supprimer<span className="visuellement-cache"> {pr.nom}</span>
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
          {profilEdite ? (
            <FormulaireProfil
              profil={profilEdite === 'nouveau' ? null : profilEdite}
              peutAnnuler
              onAnnuler={() => setProfilEdite(null)}
              onEnregistre={() => {
                setProfilEdite(null);
                profils.recharger();
                toast('Profil enregistré.', 'succes');
              }}
            />
          ) : (
            <button type="button" onClick={() => setProfilEdite('nouveau')}>
              Nouveau profil
            </button>
          )}
          <p className="discret petit">
            Version {info?.version} ·{' '}
            {info?.hote === 'electron' ? 'application de bureau' : 'navigateur (hôte local)'}
          </p>
        </section>
      </div>
    </>
  );
}
