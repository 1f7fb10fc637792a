import { useEffect, useState } from 'react';
import type { Parametres as P, Profil } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { Actions, CaseACocher, Champ, ChampSaisie, Message, useEnvoi } from '../composants/Formulaire.js';
import { Titre } from '../composants/Titre.js';
import { useApp, useAppel } from '../contexte.js';
import { FormulaireProfil } from './Connexion.js';

export function Parametres() {
  const { info, toast, session } = useApp();
  const lus = useAppel('parametres.lire', {});
  const profils = useAppel('profils.lister', {});
  const [p, setP] = useState<P | null>(null);
  const [profilEdite, setProfilEdite] = useState<Profil | 'nouveau' | null>(null);
  const [permission, setPermission] = useState<string>(
    'Notification' in window ? Notification.permission : 'indisponible',
  );

  useEffect(() => {
    if (lus.donnees) setP(lus.donnees);
  }, [lus.donnees]);

  const { erreur, onSubmit } = useEnvoi(async () => {
    if (!p) return;
    setP(await api.call('parametres.enregistrer', p));
    toast('Paramètres enregistrés.', 'succes');
  });

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
          <Message texte={lus.erreur} />
          {p && (
            <form onSubmit={onSubmit} className="formulaire">
              <Champ id="p-dossier" libelle="Dossier des archives">
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
              </Champ>
              <ChampSaisie
                id="p-intervalle"
                libelle="Intervalle de synchronisation (minutes)"
                type="number"
                min={1}
                max={1440}
                valeur={p.intervalleSynchroMinutes}
                onValeur={(v) => setP({ ...p, intervalleSynchroMinutes: Number(v) })}
                required
              />
              <ChampSaisie
                id="p-concurrence"
                libelle="Téléchargements simultanés"
                type="number"
                min={1}
                max={16}
                valeur={p.concurrenceTelechargement}
                onValeur={(v) => setP({ ...p, concurrenceTelechargement: Number(v) })}
                required
              />
              <CaseACocher
                id="p-auto"
                libelle="Archiver automatiquement les nouveaux dossiers"
                coche={p.autoArchive}
                onCoche={(c) => setP({ ...p, autoArchive: c })}
              />
              <CaseACocher
                id="p-notif"
                libelle="Notification à l'arrivée de nouveaux dossiers"
                coche={p.notifications}
                onCoche={(c) => setP({ ...p, notifications: c })}
              />
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
              <Message texte={erreur} />
              <Actions envoyer="Enregistrer" />
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
