import { messageUploadFieldsSchema } from '../../shared/api/schemas.js';
import { sha256 } from '../db/blobs.js';
import { formatReconnu } from '../dossiers/formats.js';
import { avecIdempotence } from '../dossiers/idempotence.js';
import { nettoyerNomFichier } from '../dossiers/nomFichier.js';
import { presenterDetail } from '../dossiers/presentation.js';
import type { Guichet } from '../guichet.js';
import { ReponseJson, type Handlers } from '../http/contexte.js';
import { ErreurApi } from '../http/erreurs.js';
import { valider } from '../http/validation.js';
import type { Message } from '../mail/courrier.js';
import { messageAUsager } from '../mail/messages.js';
import { dossierPortail } from '../portail/acces.js';
import { ajouterMessage } from '../portail/echanges.js';
import { contenuSuspect } from '../portail/fichiers.js';
import { fichierEnTelechargement } from './binaire.js';

const ko = (octets: number) => `${Math.round(octets / 1024)} Ko`;
/** Multipart boundaries and part headers, tolerated above the announced content. */
const MARGE_MULTIPART = 64 * 1024;

const tropGros = (max: number) =>
  new ErreurApi(
    413,
    'trop_volumineux',
    `Une pièce jointe dépasse la taille maximale autorisée (${ko(max)}).`,
    {
      tailleMax: max,
    },
  );

export function handlersMessages(g: Guichet): Pick<Handlers, 'envoyerMessage' | 'fichierMessage'> {
  const { depots } = g;
  return {
    async envoyerMessage({ params, session, requete }) {
      const { wf } = dossierPortail(depots, session.service.id, params.numero);
      const limites = wf.echanges;
      if (!requete.isMultipart()) {
        throw new ErreurApi(
          415,
          'type_non_supporte',
          'Envoyez le message en multipart/form-data (champs « sujet », « texte », « cle » et « fichier »).',
        );
      }
      // Refused before reading a byte when the announced body cannot fit the allowed pieces.
      const annonce = Number(requete.headers['content-length'] ?? Number.NaN);
      const maxCorps = limites.piecesMax * limites.tailleMax + limites.texteMax * 4 + MARGE_MULTIPART;
      if (annonce > maxCorps) throw tropGros(limites.tailleMax);

      const champs: Record<string, string> = {};
      const pieces: { nom: string; octets: Buffer }[] = [];
      const parties = requete.parts({
        limits: {
          files: limites.piecesMax + 1,
          fileSize: limites.tailleMax + 1,
          fieldSize: limites.texteMax * 4 + 1024,
        },
      });
      for await (const part of parties) {
        if (part.type === 'field') {
          if (['sujet', 'texte', 'cle'].includes(part.fieldname) && typeof part.value === 'string') {
            if (part.valueTruncated) {
              throw new ErreurApi(
                422,
                'texte_trop_long',
                `Le message dépasse ${limites.texteMax} caractères.`,
              );
            }
            champs[part.fieldname] = part.value;
          }
          continue;
        }
        if (part.fieldname !== 'fichier') {
          part.file.resume();
          continue;
        }
        if (pieces.length >= limites.piecesMax) {
          throw new ErreurApi(
            422,
            'trop_de_pieces',
            `Un message accepte au plus ${limites.piecesMax} pièce(s) jointe(s).`,
            { piecesMax: limites.piecesMax },
          );
        }
        const morceaux: Buffer[] = [];
        let taille = 0;
        for await (const morceau of part.file as AsyncIterable<Buffer>) {
          taille += morceau.length;
          // Stops reading at the limit: an oversized file is never held in memory.
          if (taille > limites.tailleMax) throw tropGros(limites.tailleMax);
          morceaux.push(morceau);
        }
        if (part.file.truncated) throw tropGros(limites.tailleMax);
        pieces.push({
          nom: nettoyerNomFichier(part.filename, 'piece-jointe'),
          octets: Buffer.concat(morceaux),
        });
      }
      const f = valider(messageUploadFieldsSchema, champs, 'body');
      if (f.texte.length > limites.texteMax) {
        throw new ErreurApi(422, 'texte_trop_long', `Le message dépasse ${limites.texteMax} caractères.`);
      }
      const types: string[] = [];
      for (const p of pieces) {
        if (p.octets.length === 0) {
          throw new ErreurApi(422, 'piece_vide', `La pièce jointe « ${p.nom} » est vide.`);
        }
        const type = formatReconnu(p.octets, limites.formats);
        if (!type) {
          throw new ErreurApi(
            415,
            'format_non_accepte',
            `Le contenu de « ${p.nom} » ne correspond à aucun format accepté (${limites.formats.join(', ')}).`,
            { formats: limites.formats },
          );
        }
        const suspect = contenuSuspect(p.octets, type);
        if (suspect) {
          throw new ErreurApi(415, 'contenu_refuse', `« ${p.nom} » est refusé : ${suspect}.`, {
            formats: limites.formats,
          });
        }
        types.push(type);
      }

      const le = g.horloge().getTime();
      const empreinte = {
        route: 'envoyerMessage',
        numero: params.numero,
        sujet: f.sujet,
        texte: f.texte,
        pieces: pieces.map((p) => ({ nom: p.nom, sha256: sha256(p.octets).toString('hex') })),
      };
      const courriels: Message[] = [];
      const reponse = avecIdempotence(depots, session.service.id, f.cle, empreinte, le, () => {
        // Read again inside the transaction: the dossier may have changed or been purged meanwhile.
        const { l } = dossierPortail(depots, session.service.id, params.numero);
        ajouterMessage(depots, l.id, {
          sens: 'mairie',
          sujet: f.sujet,
          texte: f.texte,
          par: session.utilisateur.identifiant,
          le,
          pieces: pieces.map((p, i) => ({
            nom: p.nom,
            octets: p.octets,
            type: types[i] ?? 'application/octet-stream',
          })),
        });
        depots.dossiers.toucher(l.id, depots.prochainSeq());
        const intitule = depots.referentiel.demarche(l.demarcheId).intitule;
        courriels.push(messageAUsager(l.courriel, l.numero, intitule, f.sujet, f.texte));
        const apres = depots.dossiers.parNumero(session.service.id, l.numero);
        if (!apres) throw new Error('Dossier disparu pendant sa modification.');
        return new ReponseJson(201, presenterDetail(apres, depots));
      });
      for (const m of courriels) g.courrier.envoyer(m);
      return reponse;
    },

    async fichierMessage({ params, session }) {
      const { l } = dossierPortail(depots, session.service.id, params.numero);
      const f = depots.messages.fichier(l.id, params.id, params.fichier);
      if (!f) {
        throw new ErreurApi(
          404,
          'fichier_introuvable',
          `Cette pièce jointe n'existe pas dans le dossier ${l.numero}.`,
        );
      }
      return fichierEnTelechargement(depots.blobs.contenu(f.blobId), f.type, f.nom);
    },
  };
}
