import { useState, type ChangeEvent } from 'react';
import { nettoyerNom } from '../../../../shared/noms.js';
import type { LimitesEchanges } from '../../../../shared/workflow/index.js';
import { api } from '../../api.js';
import { useApp } from '../../contexte.js';
import { taille } from '../../format.js';
import { useSuivreAction } from '../../suivre-action.js';
import { versBase64 } from '../fichier.js';
import { Actions, ChampSaisie, ChampTexte, Message, useEnvoi } from '../Formulaire.js';
import { texteLimites, verifierPiecesMessage, type PieceChoisie } from './verifier-pieces.js';

/** « Nouveau message » to the citizen: sujet, message, pièces jointes checked against the limits. */
export function NouveauMessage(props: { numero: string; limites: LimitesEchanges; recharger: () => void }) {
  const { limites } = props;
  const { connexion } = useApp();
  const suivre = useSuivreAction();
  const [sujet, setSujet] = useState('');
  const [texte, setTexte] = useState('');
  const [pieces, setPieces] = useState<PieceChoisie[]>([]);
  const [erreurPieces, setErreurPieces] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);

  async function choisir(ev: ChangeEvent<HTMLInputElement>) {
    const fichiers = [...(ev.target.files ?? [])];
    ev.target.value = '';
    setErreurPieces(null);
    if (fichiers.length === 0) return;
    const v = await verifierPiecesMessage(pieces, fichiers, limites);
    if ('erreur' in v) setErreurPieces(v.erreur);
    else setPieces((p) => [...p, ...v.pieces]);
  }

  const { erreur, onSubmit } = useEnvoi(async () => {
    if (!sujet.trim()) return 'Le sujet est obligatoire.';
    if (!texte.trim()) return 'Le message est vide.';
    if (texte.length > limites.texteMax) return `Le message dépasse ${limites.texteMax} caractères.`;
    setEnvoi(true);
    try {
      const cree = await api.call('echanges.envoyer', {
        numero: props.numero,
        sujet: sujet.trim(),
        texte: texte.trim(),
        pieces: pieces.map((p) => ({ nom: p.nom, contenuBase64: versBase64(p.octets) })),
      });
      props.recharger();
      const refus = await suivre([cree], {
        envoye: `Message « ${sujet.trim()} » envoyé à l'usager.`,
        enAttente: `Hors ligne : le message « ${sujet.trim()} » est en file d'attente.`,
        refus: 'Le guichet a refusé ce message.',
      });
      props.recharger();
      if (refus) return refus;
      setSujet('');
      setTexte('');
      setPieces([]);
    } finally {
      setEnvoi(false);
    }
  });

  return (
    <section className="panneau" aria-labelledby="titre-nouveau-message">
      <h2 id="titre-nouveau-message">Nouveau message</h2>
      <form className="formulaire" onSubmit={onSubmit}>
        <ChampSaisie
          id="message-sujet"
          libelle="Sujet"
          maxLength={200}
          required
          valeur={sujet}
          onValeur={setSujet}
        />
        <ChampTexte
          id="message-texte"
          libelle="Message"
          rows={5}
          maxLength={limites.texteMax}
          required
          valeur={texte}
          onValeur={setTexte}
          aide={`${texte.length} / ${limites.texteMax} caractères. L'usager le lit sur le portail et en est prévenu.`}
        />
        <div className="champ">
          <label htmlFor="message-pieces">Pièces jointes</label>
          <input
            id="message-pieces"
            type="file"
            multiple
            accept={limites.formats.join(',')}
            aria-describedby="aide-message-pieces"
            onChange={(e) => void choisir(e)}
            disabled={pieces.length >= limites.piecesMax || envoi}
          />
          <p id="aide-message-pieces" className="discret petit aide-champ">
            {texteLimites(limites)}
          </p>
        </div>
        {pieces.length > 0 && (
          <ul className="fichiers" aria-label="Pièces jointes du nouveau message">
            {pieces.map((p, i) => {
              const nom = nettoyerNom(p.nom);
              return (
                <li key={`${p.nom}-${i}`}>
                  <span className="nom-fichier">{nom}</span>
                  <span className="discret">{taille(p.taille)}</span>
                  <button type="button" onClick={() => setPieces((l) => l.filter((_, j) => j !== i))}>
                    Retirer<span className="visuellement-cache"> {nom}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <Message texte={erreurPieces ?? erreur} />
        <Actions envoyer="Envoyer le message" desactive={envoi || connexion.mode === 'lecture-seule'} />
      </form>
    </section>
  );
}
