/**
 * The in-app viewer and what opening a file does: PDF, images and text shown here (bytes → blob URL,
 * never a path, never the system), office documents handed to the system by the core once checked
 * (their copies deleted when the dossier is left), anything else downloaded by the browser.
 */
import { useEffect, useRef, useState } from 'react';
import type { PieceOuverte, TypeApercu } from '../../../shared/app-api/index.js';
import { nettoyerNom } from '../../../shared/noms.js';
import { api, versErreurApp } from '../api.js';
import { useApp } from '../contexte.js';
import { blobDepuisBase64, enregistrerFichier } from './fichier.js';

export type Apercu = Extract<PieceOuverte, { mode: 'apercu' }>;

/** How each allowed type is rendered; nothing else ever reaches the viewer. */
const RENDU: Record<TypeApercu, 'cadre' | 'image' | 'texte'> = {
  'application/pdf': 'cadre',
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'text/plain': 'texte',
};

/**
 * What the core answered to an « Ouvrir »: the preview to show, or a toast for a file handed to the
 * system or to the browser. Leaving the screen closes the copies handed to the system.
 */
export function useOuverture(cle: string) {
  const { toast } = useApp();
  const [apercu, setApercu] = useState<Apercu | null>(null);
  const copies = useRef(false);
  const signaler = useRef(toast);
  signaler.current = toast;

  useEffect(
    () => () => {
      if (!copies.current) return;
      copies.current = false;
      api
        .call('dossiers.fermerFichiers', {})
        .catch((e: unknown) => signaler.current(versErreurApp(e).message, 'erreur'));
    },
    [cle],
  );

  function recevoir(r: PieceOuverte) {
    if (r.mode === 'apercu') setApercu(r);
    else if (r.mode === 'systeme') {
      copies.current = true;
      toast(`« ${nettoyerNom(r.nom)} » est ouvert avec l’application du système.`, 'info');
    } else {
      enregistrerFichier(r);
      toast(`« ${nettoyerNom(r.nom)} » est téléchargé par le navigateur.`, 'info');
    }
  }

  return { apercu, fermer: () => setApercu(null), recevoir };
}

/** The in-app viewer: its blob URL lives exactly as long as it is shown. */
export function Visionneuse(props: { piece: Apercu; fermer: () => void }) {
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
