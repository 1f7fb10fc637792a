import { analyserPlage, correspondEtag } from '../archive/plages.js';
import type { Guichet } from '../guichet.js';
import { ReponseBinaire, type Handlers } from '../http/contexte.js';
import { ErreurApi, erreurs } from '../http/erreurs.js';

export function handlersArchive(g: Guichet): Pick<Handlers, 'archive'> {
  return {
    async archive({ params, session, requete }) {
      const l = g.depots.dossiers.parNumero(session.service.id, params.numero);
      if (!l) throw erreurs.dossierIntrouvable(params.numero);
      const communs = { 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, no-cache' };
      // The stored digest answers a revalidation without building anything.
      const etagStocke = `"${l.archiveSha256.toString('hex')}"`;
      if (correspondEtag(requete.headers['if-none-match'], etagStocke)) {
        return new ReponseBinaire(304, Buffer.alloc(0), { ...communs, ETag: etagStocke });
      }
      const { octets, sha256 } = await g.archives.obtenir(l);
      const etag = `"${sha256}"`;
      const entetes = {
        ...communs,
        'Content-Type': 'application/zip',
        ETag: etag,
        'Repr-Digest': `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`,
        'Content-Disposition': `attachment; filename="${l.numero}.zip"`,
      };
      const ifRange = requete.headers['if-range'];
      // If-Range: the client's partial copy is of another version → send the whole archive.
      const plage =
        typeof ifRange === 'string' && ifRange.trim() !== etag
          ? null
          : analyserPlage(requete.headers.range, octets.length);
      if (plage === 'insatisfiable') {
        throw new ErreurApi(
          416,
          'plage_invalide',
          `La plage demandée dépasse la taille de l'archive (${octets.length} octets).`,
          { taille: octets.length },
          { 'Content-Range': `bytes */${octets.length}`, 'Accept-Ranges': 'bytes' },
        );
      }
      if (plage) {
        return new ReponseBinaire(206, octets.subarray(plage.debut, plage.fin + 1), {
          ...entetes,
          'Content-Range': `bytes ${plage.debut}-${plage.fin}/${octets.length}`,
        });
      }
      return new ReponseBinaire(200, octets, entetes);
    },
  };
}
