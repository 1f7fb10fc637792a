import { useEffect, useRef, useState } from 'react';
import type { ResultatDeplacement } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { useApp, useAppel } from '../contexte.js';
import { nombre, pluriel } from '../format.js';
import { enregistrerFichier } from './fichier.js';
import { Message } from './Formulaire.js';
import { BarreTache, useTacheDeplacement } from './Tache.js';

/**
 * Changing « Dossier des archives »: move the existing archives there (progress, Annuler, failures
 * by numéro) or leave them where they are (they stay readable).
 */
export function DialogueDossierArchives(props: {
  ancien: string;
  nouveau: string;
  /** Saves the settings with the new folder (the archives stay where they are). */
  laisser: () => Promise<void>;
  /** Saves the other settings before the move starts. */
  deplacerAvant: () => Promise<void>;
  onFerme: (change: boolean) => void;
}) {
  const { toast } = useApp();
  const ref = useRef<HTMLDialogElement | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [fini, setFini] = useState<ResultatDeplacement | null>(null);
  const tache = useTacheDeplacement((r) => {
    setFini(r);
    toast(
      r.annule
        ? `Déplacement annulé : ${pluriel(r.deplacees, 'archive déplacée', 'archives déplacées')}.`
        : `Déplacement terminé : ${pluriel(r.deplacees, 'archive déplacée', 'archives déplacées')}.`,
      r.echecs.length ? 'erreur' : 'succes',
    );
  });

  useEffect(() => {
    const retour = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => retour?.focus();
  }, []);

  async function deplacer() {
    setErreur(null);
    try {
      await props.deplacerAvant();
      const r = await api.call('archives.deplacer', { vers: props.nouveau });
      tache.demarrer(r.tacheId, r.total);
    } catch (e) {
      setErreur(versErreurApp(e).message);
    }
  }

  async function laisser() {
    setErreur(null);
    try {
      await props.laisser();
      props.onFerme(true);
    } catch (e) {
      setErreur(versErreurApp(e).message);
    }
  }

  const choix = !tache.enCours && !fini;
  return (
    <dialog
      ref={ref}
      className="dialogue"
      aria-labelledby="dialogue-archives-titre"
      onCancel={(e) => {
        e.preventDefault();
        if (!tache.enCours) props.onFerme(fini !== null);
      }}
    >
      <h2 id="dialogue-archives-titre">Changer de dossier des archives</h2>
      <div className="dialogue-corps">
        <p>
          Nouveau dossier : <strong className="chemin">{props.nouveau}</strong>
          <br />
          <span className="discret">Dossier actuel : {props.ancien}</span>
        </p>
        {choix && <p>Que faire des archives déjà enregistrées ?</p>}
        {tache.progression && (tache.enCours || fini) && (
          <BarreTache
            id="barre-deplacement"
            libelle={tache.enCours ? 'Déplacement des archives' : 'Déplacement terminé'}
            unite={['archive', 'archives']}
            progression={tache.progression}
            enCours={tache.enCours}
            onAnnuler={() => void tache.annuler()}
          />
        )}
        {fini && (
          <div role="status" className={`alerte ${fini.echecs.length ? 'erreur' : 'succes'}`}>
            <p>
              {fini.annule ? 'Déplacement annulé' : 'Déplacement terminé'} :{' '}
              {pluriel(fini.deplacees, 'archive déplacée', 'archives déplacées')}
              {fini.echecs.length ? `, ${pluriel(fini.echecs.length, 'échec')}` : ''}.
            </p>
            {fini.echecs.length > 0 && (
              <ul>
                {fini.echecs.map((e) => (
                  <li key={e.numero}>
                    <span className="numero">{e.numero}</span> : {e.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <Message texte={erreur} />
      </div>
      <div className="actions colonne">
        {choix && (
          <>
            <button type="button" className="principal" onClick={() => void deplacer()} autoFocus>
              Déplacer les archives existantes vers le nouveau dossier
            </button>
            <button type="button" onClick={() => void laisser()}>
              Les laisser où elles sont (elles restent lisibles)
            </button>
            <button type="button" onClick={() => props.onFerme(false)}>
              Annuler
            </button>
          </>
        )}
        {fini && (
          <button type="button" className="principal" onClick={() => props.onFerme(true)} autoFocus>
            Fermer
          </button>
        )}
      </div>
    </dialog>
  );
}

/** The archive folders in use, their counts, and « Registre des archives » (CSV, PDF). */
export function ArchivesEnService(props: { version: number }) {
  const { toast } = useApp();
  const dossiers = useAppel('archives.dossiers', {}, [props.version]);
  const [export_, setExport] = useState<'csv' | 'pdf' | null>(null);

  async function exporter(format: 'csv' | 'pdf') {
    setExport(format);
    try {
      const f = await api.call('archives.registre', { format });
      enregistrerFichier(f);
      toast(`Registre des archives enregistré : ${f.nom} (${pluriel(f.lignes, 'ligne')}).`, 'succes');
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    } finally {
      setExport(null);
    }
  }

  return (
    <section className="panneau" aria-labelledby="titre-dossiers-archives">
      <h2 id="titre-dossiers-archives">Dossiers des archives utilisés</h2>
      <Message texte={dossiers.erreur} />
      {dossiers.donnees && dossiers.donnees.dossiers.length === 0 && (
        <p className="discret">Aucune archive enregistrée sur ce poste.</p>
      )}
      {dossiers.donnees && dossiers.donnees.dossiers.length > 0 && (
        <table className="table-simple">
          <caption className="visuellement-cache">Dossiers des archives utilisés</caption>
          <thead>
            <tr>
              <th scope="col">Dossier</th>
              <th scope="col" className="nombre">
                Archives
              </th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {dossiers.donnees.dossiers.map((d) => (
              <tr key={d.chemin}>
                <td className="chemin">{d.chemin}</td>
                <td className="nombre">{nombre(d.archives)}</td>
                <td>
                  {d.courant ? 'actuel' : 'ancien'} ·{' '}
                  {d.accessible ? 'accessible' : <strong className="texte-erreur">inaccessible</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Registre des archives</h3>
      <p className="discret petit">
        La liste de chaque dossier gardé (numéro, démarche, dates, SHA-256, taille, chemin, état) et des
        pertes : à remettre à l’archiviste de la mairie.
      </p>
      <div className="actions debut">
        <button type="button" onClick={() => void exporter('csv')} disabled={export_ !== null}>
          Exporter le registre (CSV)
        </button>
        <button type="button" onClick={() => void exporter('pdf')} disabled={export_ !== null}>
          Exporter le registre (PDF)
        </button>
      </div>
    </section>
  );
}
