/**
 * The pièces of a dossier's archive: PDF, images and text shown here (bytes → blob URL, never a
 * path, never the system), office documents handed to the system by the core once checked, and
 * everything else refused with the core's warning and « Enregistrer sous… » only.
 */
import { useEffect, useRef, useState } from 'react';
import type { ContenuDossier, PieceOuverte, TypeApercu } from '../../../shared/app-api/index.js';
import { nettoyerNom } from '../../../shared/noms.js';
import { api, versErreurApp } from '../api.js';
import { useApp } from '../contexte.js';
import { taille } from '../format.js';
import { blobDepuisBase64, enregistrerFichier } from './fichier.js';

type Fichier = ContenuDossier['fichiers'][number];
type Apercu = Extract<PieceOuverte, { mode: 'apercu' }>;

/** How each allowed type is rendered; nothing else ever reaches the viewer. */
const RENDU: Record<TypeApercu, 'cadre' | 'image' | 'texte'> = {
  'application/pdf': 'cadre',
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'text/plain': 'texte',
};

const LIBELLE_BOUTON: Record<Fichier['ouverture'], string> = {
  apercu: 'Afficher',
  systeme: 'Ouvrir',
  refusee: 'Ouvrir',
};

export function Pieces(props: { numero: string; fichiers: Fichier[] }) {
  const { numero } = props;
  const { toast } = useApp();
  const [apercu, setApercu] = useState<Apercu | null>(null);
  const [refus, setRefus] = useState<{ nom: string; message: string } | null>(null);
  const copies = useRef(false);
  const signaler = useRef(toast);
  signaler.current = toast;

  // Leaving the dossier closes its pièces: the copies handed to the system are deleted.
  useEffect(
    () => () => {
      if (!copies.current) return;
      copies.current = false;
      api
        .call('dossiers.fermerFichiers', {})
        .catch((e: unknown) => signaler.current(versErreurApp(e).message, 'erreur'));
    },
    [numero],
  );

  async function ouvrir(nom: string) {
    setRefus(null);
    try {
      const r = await api.call('dossiers.ouvrirFichier', { numero, nom });
      if (r.mode === 'apercu') setApercu(r);
      else if (r.mode === 'systeme') {
        copies.current = true;
        toast(`« ${nettoyerNom(r.nom)} » est ouvert avec l’application du système.`, 'info');
      } else {
        enregistrerFichier(r);
        toast(`« ${nettoyerNom(r.nom)} » est téléchargé par le navigateur.`, 'info');
      }
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
      {apercu && <Visionneuse piece={apercu} fermer={() => setApercu(null)} />}
    </>
  );
}

/** The in-app viewer: its blob URL lives exactly as long as it is shown. */
function Visionneuse(props: { piece: Apercu; fermer: () => void }) {
  const { piece } = props;
  const rendu = RENDU[piece.type];
  const nom = nettoyerNom(piece.nom);
  const [url, setUrl] = useState<string | null>(null);
  const [texte, setTexte] = useState<string | null>(null);

  useEffect(() => {
    const blob = blobDepuisBase64(piece.contenuBase64, piece.type);
    if (rendu === 'texte') {
      let actif = true;
      void blob.text().then((t) => actif && setTexte(t));
      return () => {
        actif = false;
      };
    }
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [piece, rendu]);

  return (
    <section className="panneau apercu" aria-labelledby="titre-apercu">
      <div className="titre-ligne">
        <h2 id="titre-apercu">{nom}</h2>
        <button type="button" onClick={props.fermer}>
          Fermer l'aperçu
        </button>
      </div>
      {rendu === 'cadre' && url && <iframe src={url} title={`Aperçu de ${nom}`} />}
      {rendu === 'image' && url && <img src={url} alt={`Aperçu de ${nom}`} />}
      {rendu === 'texte' && texte !== null && (
        <pre className="apercu-texte" aria-label={`Aperçu de ${nom}`}>
          {texte}
        </pre>
      )}
    </section>
  );
}
