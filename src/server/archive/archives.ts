import { createHash } from 'node:crypto';
import type { Depots } from '../db/depots.js';
import type { DossierLigne } from '../db/dossiers.js';
import { chargerSoumission } from '../dossiers/chargement.js';
import { CacheOctets } from './cache.js';
import { entreesArchive } from './contenu.js';
import { construireZip } from './zip.js';

export interface ArchiveConstruite {
  octets: Buffer;
  /** Hex SHA-256 of `octets`. */
  sha256: string;
}

/**
 * Serves archives: built on demand from the database (deterministic), kept in a bytes-bounded LRU
 * keyed by digest, concurrent requests for the same archive share one build.
 */
export class Archives {
  private readonly cache: CacheOctets;
  private readonly enCours = new Map<string, Promise<ArchiveConstruite>>();

  constructor(
    private readonly depots: Depots,
    maxOctets: number,
    private readonly signaler: (message: string) => void,
  ) {
    this.cache = new CacheOctets(maxOctets);
  }

  obtenir(l: DossierLigne): Promise<ArchiveConstruite> {
    const attendu = l.archiveSha256.toString('hex');
    const cachee = this.cache.lire(attendu);
    if (cachee) return Promise.resolve({ octets: cachee, sha256: attendu });
    let promesse = this.enCours.get(attendu);
    if (!promesse) {
      promesse = this.construire(l, attendu).finally(() => this.enCours.delete(attendu));
      this.enCours.set(attendu, promesse);
    }
    return promesse;
  }

  private async construire(l: DossierLigne, attendu: string): Promise<ArchiveConstruite> {
    const { dossier, service } = chargerSoumission(this.depots, l);
    const octets = await construireZip(entreesArchive(dossier, service));
    const sha256 = createHash('sha256').update(octets).digest('hex');
    if (sha256 !== attendu) {
      // The generator changed since the dossier was stored (new code on an old database). Record
      // the new digest as a change of the dossier, so listings and downloads agree again and
      // synchronising apps fetch it anew.
      this.signaler(`Archive de ${l.numero} régénérée différemment : empreinte enregistrée mise à jour.`);
      const { depots } = this;
      depots.db
        .transaction(() =>
          depots.dossiers.changerArchive(
            l.id,
            octets.length,
            Buffer.from(sha256, 'hex'),
            depots.prochainSeq(),
          ),
        )
        .immediate();
    }
    this.cache.ecrire(sha256, octets);
    return { octets, sha256 };
  }
}
