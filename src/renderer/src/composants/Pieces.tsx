/**
 * The pièces of a dossier's archive: opened as `useOuverture` says, and everything the core refuses
 * shown with its warning and « Enregistrer sous… » only.
 */
import { useState } from 'react';
import type { ContenuDossier } from '../../../shared/app-api/index.js';
import { nettoyerNom } from '../../../shared/noms.js';
import { api, versErreurApp } from '../api.js';
import { useApp } from '../contexte.js';
import { taille } from '../format.js';
import { enregistrerFichier } from './fichier.js';
import { useOuverture, Visionneuse } from './Visionneuse.js';

type Fichier = ContenuDossier['fichiers'][number];
const LIBELLE_BOUTON: Record<Fichier['ouverture'], string> = {
  apercu: 'Afficher',
  systeme: 'Ouvrir',
  refusee: 'Ouvrir',
};

export function Pieces(props: { numero: string; fichiers: Fichier[] }) {
  const { numero } = props;
  const { toast } = useApp();
  const { apercu, fermer, recevoir } = useOuverture(numero);
  const [refus, setRefus] = useState<{ nom: string; message: string } | null>(null);

  async function ouvrir(nom: string) {
    setRefus(null);
    try {
      recevoir(await api.call('dossiers.ouvrirFichier', { numero, nom }));
    } catch (e) {
      const err = versErreurApp(e);
      if (err.code === 'ouverture_refusee') setRefus({ nom, message: err.message });
      else toast(err.message, 'erreur');
    }
  }

  async function enregistrer(nom: string) {
    try {
      const r = await api.call('dossiers.enregistrerFichier', { numero, nom });
      if (r.mode === 'annule') return;
      if (r.mode === 'telechargement')
        enregistrerFichier({ nom: r.nom, type: 'application/octet-stream', contenuBase64: r.contenuBase64 });
      setRefus(null);
      toast(`Fichier enregistré : « ${nettoyerNom(r.nom)} ».`, 'succes');
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  return (
    <>
      <section className="panneau" aria-labelledby="titre-pieces">
        <h2 id="titre-pieces">Pièces du dossier</h2>
        <ul className="fichiers">
          {props.fichiers.map((f) => {
            const nom = nettoyerNom(f.nom);
            return (
              <li key={f.nom}>
                <span className="nom-fichier">
                  {nom}
                  {f.ouverture === 'refusee' && (
                    <span className="discret"> — ne peut pas être ouvert, seulement enregistré</span>
                  )}
                </span>
                <span className="discret">
                  {f.type} · {taille(f.taille)}
                </span>
                <button type="button" onClick={() => void ouvrir(f.nom)}>
                  {LIBELLE_BOUTON[f.ouverture]}
                  <span className="visuellement-cache"> {nom}</span>
                </button>
              </li>
            );
          })}
        </ul>
        {refus && (
          <div className="alerte avertissement" role="alert">
            <p>{refus.message}</p>
            <div className="actions">
              <button type="button" className="principal" onClick={() => void enregistrer(refus.nom)}>
                Enregistrer sous…
              </button>
              <button type="button" onClick={() => setRefus(null)}>
                Ne pas enregistrer
              </button>
            </div>
          </div>
        )}
      </section>
      {apercu && <Visionneuse piece={apercu} fermer={fermer} />}
    </>
  );
}
