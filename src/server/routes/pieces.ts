import { randomUUID } from 'node:crypto';
import { slotSchema } from '../../shared/workflow/schemas.js';
import { libelleEtat, piecesDeposablesDepuis, type PieceDeposable } from '../../shared/workflow/index.js';
import { sha256 } from '../db/blobs.js';
import { formatReconnu } from '../dossiers/formats.js';
import { nettoyerNomFichier } from '../dossiers/nomFichier.js';
import type { Guichet } from '../guichet.js';
import { iso } from '../horloge.js';
import type { Handlers } from '../http/contexte.js';
import { ErreurApi, erreurs } from '../http/erreurs.js';
import { workflow } from '../workflows.js';

/** Multipart overhead tolerated above the file itself when checking Content-Length up front. */
const MARGE_MULTIPART = 64 * 1024;

const ko = (octets: number) => `${Math.round(octets / 1024)} Ko`;

function tropGros(max: number): ErreurApi {
  return new ErreurApi(
    413,
    'trop_volumineux',
    `Le fichier dépasse la taille maximale autorisée (${ko(max)}).`,
    {
      tailleMax: max,
    },
  );
}

export function handlersPieces(g: Guichet): Pick<Handlers, 'deposerPiece'> {
  const { depots } = g;
  return {
    async deposerPiece({ params, session, requete }) {
      const l = depots.dossiers.parNumero(session.service.id, params.numero);
      if (!l) throw erreurs.dossierIntrouvable(params.numero);
      const wf = workflow(depots.referentiel.demarche(l.demarcheId).workflow);
      const deposables = piecesDeposablesDepuis(wf, l.etat);
      const refus = (slot: string) =>
        new ErreurApi(
          422,
          'slot_non_autorise',
          `La pièce jointe « ${slot} » ne peut pas être déposée sur un dossier à l'état « ${libelleEtat(wf, l.etat)} ».`,
          { slot, slotsAutorises: deposables.map((p) => p.slot) },
        );
      if (!requete.isMultipart()) {
        throw new ErreurApi(
          415,
          'type_non_supporte',
          'Envoyez la pièce en multipart/form-data (champs « slot » et « fichier »).',
        );
      }
      const maxGlobal = Math.max(0, ...deposables.map((p) => p.tailleMax));
      const annonce = Number(requete.headers['content-length'] ?? Number.NaN);
      // Refuse before reading a byte when the announced body cannot fit any allowed slot.
      if (deposables.length > 0 && annonce > maxGlobal + MARGE_MULTIPART) throw tropGros(maxGlobal);

      let slot: PieceDeposable | undefined;
      let nomSlot: string | undefined;
      let fichier: { nom: string; octets: Buffer } | undefined;
      for await (const part of requete.parts({ limits: { fileSize: maxGlobal + 1 } })) {
        if (part.type === 'field') {
          if (part.fieldname !== 'slot') continue;
          const valide = slotSchema.safeParse(part.value);
          if (!valide.success) {
            throw new ErreurApi(400, 'requete_invalide', 'Le champ « slot » est invalide.', {
              champ: 'slot',
            });
          }
          nomSlot = valide.data;
          slot = deposables.find((p) => p.slot === nomSlot);
          if (!slot) throw refus(nomSlot);
          continue;
        }
        if (part.fieldname !== 'fichier' || fichier) {
          part.file.resume();
          continue;
        }
        if (deposables.length === 0) throw refus(nomSlot ?? '(aucun)');
        // Read by hand to stop at the slot's own limit when the slot came first.
        const limite = slot?.tailleMax ?? maxGlobal;
        const morceaux: Buffer[] = [];
        let taille = 0;
        for await (const morceau of part.file as AsyncIterable<Buffer>) {
          taille += morceau.length;
          if (taille > limite) throw tropGros(limite);
          morceaux.push(morceau);
        }
        if (part.file.truncated) throw tropGros(limite);
        fichier = { nom: part.filename, octets: Buffer.concat(morceaux) };
      }
      if (!nomSlot)
        throw new ErreurApi(400, 'requete_invalide', 'Le champ « slot » est obligatoire.', { champ: 'slot' });
      if (!slot) throw refus(nomSlot);
      if (!fichier)
        throw new ErreurApi(400, 'requete_invalide', 'Le champ « fichier » est obligatoire.', {
          champ: 'fichier',
        });
      if (fichier.octets.length > slot.tailleMax) throw tropGros(slot.tailleMax);
      if (!formatReconnu(fichier.octets, slot.formats)) {
        throw new ErreurApi(
          415,
          'format_non_accepte',
          `Le contenu du fichier ne correspond pas aux formats acceptés pour « ${slot.libelle} » (${slot.formats.join(', ')}).`,
          { formats: slot.formats },
        );
      }

      const empreinte = sha256(fichier.octets);
      const le = g.horloge().getTime();
      const piece = {
        publicId: randomUUID(),
        slot: slot.slot,
        nom: nettoyerNomFichier(fichier.nom, `${slot.slot}.pdf`),
        le,
        par: session.utilisateur.identifiant,
      };
      const octets = fichier.octets;
      depots.db
        .transaction(() => {
          // The dossier may have been purged while the upload streamed in.
          if (!depots.dossiers.parNumero(session.service.id, l.numero))
            throw erreurs.dossierIntrouvable(l.numero);
          const blobId = depots.blobs.enregistrer(octets, empreinte);
          depots.dossiers.deposerPiece(l.id, { ...piece, blobId });
        })
        .immediate();
      return {
        id: piece.publicId,
        slot: piece.slot,
        nom: piece.nom,
        taille: octets.length,
        sha256: empreinte.toString('hex'),
        le: iso(le),
      };
    },
  };
}
