import { useEffect, useState } from 'react';
import { parametresSchema, type Parametres as P, type Profil } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { Actions, CaseACocher, Champ, ChampSaisie, Message, useEnvoi } from '../composants/Formulaire.js';
import { ArchivesEnService, DialogueDossierArchives } from '../composants/DossierArchives.js';
import { Titre } from '../composants/Titre.js';
import { useApp, useAppel } from '../contexte.js';
import { FormulaireProfil } from './Connexion.js';

// Bounds from the shared schema: the form refuses exactly what the core would refuse.
const TAILLE_MO = parametresSchema.shape.tailleMaxArchiveMo;
const TAILLE_MO_MIN = TAILLE_MO.minValue ?? 1;
const TAILLE_MO_MAX = TAILLE_MO.maxValue ?? Number.MAX_SAFE_INTEGER;

export function Parametres() {
  const { info, toast, session } = useApp();
  const lus = useAppel('parametres.lire', {});
  const profils = useAppel('profils.lister', {});
  const [p, setP] = useState<P | null>(null);
  const [profilEdite, setProfilEdite] = useState<Profil | 'nouveau' | null>(null);
  const [permission, setPermission] = useState<string>(
    'Notification' in window ? Notification.permission : 'indisponible',
  );

  const [jours, setJours] = useState({ joursRisque: '', verificationJours: '', tailleMaxArchiveMo: '' });
  const [changement, setChangement] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (lus.donnees) {
      setP(lus.donnees);
      setJours({
        joursRisque: String(lus.donnees.joursRisque),
        verificationJours: String(lus.donnees.verificationJours),
        tailleMaxArchiveMo: String(lus.donnees.tailleMaxArchiveMo),
      });
    }
  }, [lus.donnees]);

  /** The form's values checked, with a French message for the first one out of range. */
  function verifier(): { p: P } | { refus: string } {
    if (!p) return { refus: 'Paramètres non chargés.' };
    const entier = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN);
    const joursRisque = entier(jours.joursRisque);
    const verificationJours = entier(jours.verificationJours);
    const tailleMaxArchiveMo = entier(jours.tailleMaxArchiveMo);
    if (!p.dossierArchives.trim()) return { refus: 'Indiquez le dossier des archives.' };
    if (!(joursRisque >= 1 && joursRisque <= 29))
      return {
        refus:
          'Le délai « à risque » doit être un nombre entier de jours entre 1 et 29 (le guichet supprime les dossiers au bout de 30 jours).',
      };
    if (!(verificationJours >= 0 && verificationJours <= 365))
      return {
        refus:
          'La fréquence du contrôle des archives doit être un nombre entier de jours entre 0 (jamais) et 365.',
      };
    if (!(tailleMaxArchiveMo >= TAILLE_MO_MIN && tailleMaxArchiveMo <= TAILLE_MO_MAX))
      return {
        refus: `La taille maximale d'une archive doit être un nombre entier de mégaoctets entre ${TAILLE_MO_MIN} et ${TAILLE_MO_MAX}.`,
      };
    return { p: { ...p, joursRisque, verificationJours, tailleMaxArchiveMo } };
  }

  const { erreur, onSubmit } = useEnvoi(async () => {
    const v = verifier();
    if ('refus' in v) return v.refus;
    if (lus.donnees && v.p.dossierArchives !== lus.donnees.dossierArchives) {
      setChangement(v.p.dossierArchives);
      return;
    }
    setP(await api.call('parametres.enregistrer', v.p));
    toast('Paramètres enregistrés.', 'succes');
  });

  /** Saves everything but the folder (the move sets it when it succeeds). */
  async function enregistrerSansDossier() {
    const v = verifier();
    if ('refus' in v || !lus.donnees) return;
    const { dossierArchives: _ignore, ...reste } = v.p;
    void _ignore;
    await api.call('parametres.enregistrer', reste);
  }

  async function choisirDossier() {
    try {
      const r = await api.call('parametres.choisirDossierArchives', {});
      if (r.dossier && p) {
        setP({ ...p, dossierArchives: r.dossier });
        if (lus.donnees && r.dossier !== lus.donnees.dossierArchives) setChangement(r.dossier);
      }
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
            <form onSubmit={onSubmit} className="formulaire" noValidate>
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
                id="p-risque"
                libelle="Délai « à risque » (jours)"
                type="number"
                min={1}
                max={29}
                valeur={jours.joursRisque}
                onValeur={(v) => setJours((j) => ({ ...j, joursRisque: v }))}
                aide="Un dossier sans archive locale qui expire dans ce nombre de jours est signalé « à risque » au tableau de bord (1 à 29 ; 7 par défaut)."
                required
              />
              <ChampSaisie
                id="p-verification"
                libelle="Contrôle automatique des archives (tous les N jours)"
                type="number"
                min={0}
                max={365}
                valeur={jours.verificationJours}
                onValeur={(v) => setJours((j) => ({ ...j, verificationJours: v }))}
                aide="Relit chaque archive et la compare à son empreinte, en arrière-plan ; 0 : jamais (7 par défaut)."
                required
              />
              <ChampSaisie
                id="p-taille-archive"
                libelle="Taille maximale d'une archive (Mo)"
                type="number"
                min={TAILLE_MO_MIN}
                max={TAILLE_MO_MAX}
                valeur={jours.tailleMaxArchiveMo}
                onValeur={(v) => setJours((j) => ({ ...j, tailleMaxArchiveMo: v }))}
                aide="Une archive plus grande n'est pas téléchargée : le dossier est signalé en échec, pour qu'un guichet défaillant ne remplisse pas le disque (2048 par défaut)."
                required
              />
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
        <ArchivesEnService version={version} />
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
      {changement && lus.donnees && (
        <DialogueDossierArchives
          ancien={lus.donnees.dossierArchives}
          nouveau={changement}
          laisser={async () => {
            const v = verifier();
            if ('refus' in v) throw new Error(v.refus);
            setP(await api.call('parametres.enregistrer', v.p));
            toast('Paramètres enregistrés : les nouvelles archives iront dans le nouveau dossier.', 'succes');
          }}
          deplacerAvant={enregistrerSansDossier}
          onFerme={(change) => {
            setChangement(null);
            if (change) {
              lus.recharger();
              setVersion((n) => n + 1);
            } else if (lus.donnees && p) setP({ ...p, dossierArchives: lus.donnees.dossierArchives });
          }}
        />
      )}
    </>
  );
}
