import { useState, type ChangeEvent } from 'react';
import type { DossierLocal } from '../../../shared/app-api/index.js';
import type { PieceDeposable } from '../../../shared/workflow/index.js';
import { api, versErreurApp } from '../api.js';
import { useApp } from '../contexte.js';
import { formatsLisibles, taille } from '../format.js';
import { attendreAction } from '../suivi.js';
import { versBase64 } from './fichier.js';
import { Message } from './Formulaire.js';

/** Checks a file against a slot before upload: size, and a PDF by its content (%PDF-). */
export async function verifierPiece(
  piece: PieceDeposable,
  f: File,
): Promise<{ erreur: string } | { octets: Uint8Array }> {
  if (f.size > piece.tailleMax) {
    return {
      erreur: `Le fichier « ${f.name} » fait ${taille(f.size)} : la taille maximum est ${taille(piece.tailleMax)}.`,
    };
  }
  if (f.size === 0) return { erreur: `Le fichier « ${f.name} » est vide.` };
  const octets = new Uint8Array(await f.arrayBuffer());
  if (piece.formats.length === 1 && piece.formats[0] === 'application/pdf') {
    const entete = String.fromCharCode(...octets.subarray(0, 5));
    if (entete !== '%PDF-') {
      return { erreur: `Le fichier « ${f.name} » n'est pas un PDF (format accepté : pdf).` };
    }
  }
  return { octets };
}

/** A pièce jointe slot of the next states: its limits and « Ajouter un exemplaire ». */
export function SlotPiece(props: {
  piece: PieceDeposable;
  dossier: DossierLocal;
  deposee: boolean;
  onDepose: () => void;
  desactive: boolean;
}) {
  const { piece, dossier } = props;
  const { toast, connexion } = useApp();
  const [erreur, setErreur] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const id = `slot-${piece.slot}`;
  const horsLigne = () => connexion.mode !== 'en-ligne';

  async function choisir(ev: ChangeEvent<HTMLInputElement>) {
    const f = ev.target.files?.[0];
    ev.target.value = '';
    setErreur(null);
    if (!f) return;
    const v = await verifierPiece(piece, f);
    if ('erreur' in v) {
      setErreur(v.erreur);
      return;
    }
    setEnvoi(true);
    try {
      const cree = await api.call('actions.joindre', {
        numero: dossier.numero,
        slot: piece.slot,
        nom: f.name,
        contenuBase64: versBase64(v.octets),
      });
      props.onDepose();
      const a = cree.statut === 'envoyee' ? null : await attendreAction(cree.id, horsLigne);
      if (a && (a.statut === 'refusee' || a.statut === 'conflit'))
        setErreur(a.erreur ?? 'Le guichet a refusé la pièce jointe.');
      else if (a === null) toast(`Pièce jointe « ${f.name} » déposée.`, 'succes');
      else toast(`Hors ligne : la pièce jointe « ${f.name} » est en file d'attente.`, 'info');
      props.onDepose();
    } catch (e) {
      setErreur(versErreurApp(e).message);
    } finally {
      setEnvoi(false);
    }
  }

  return (
    <div className="slot">
      <div>
        <strong>{piece.libelle}</strong>
        {props.deposee && <span className="badge succes">déposée</span>}
      </div>
      <div className="discret petit">
        taille maximum : {taille(piece.tailleMax)} · format(s) accepté(s) : {formatsLisibles(piece.formats)}
      </div>
      <label htmlFor={id} className="bouton-fichier">
        {envoi ? 'Envoi…' : 'Ajouter un exemplaire'}
        <span className="visuellement-cache"> : {piece.libelle}</span>
      </label>
      <input
        id={id}
        type="file"
        className="visuellement-cache"
        accept={piece.formats.join(',')}
        onChange={(e) => void choisir(e)}
        disabled={envoi || props.desactive}
      />
      <Message texte={erreur} />
    </div>
  );
}
