import type { Db } from './connexion.js';

export interface ReponseMemorisee {
  empreinte: string;
  statut: number;
  corps: unknown;
}

/** Idempotency keys: the first answer to a `cle`, replayed as is (kept at least 7 days). */
export class DepotIdempotence {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      lire: db.prepare<[number, string], { empreinte: string; statut: number; reponse: string }>(
        'SELECT empreinte, statut, reponse FROM idempotence WHERE service_id = ? AND cle = ?',
      ),
      ecrire: db.prepare<[number, string, string, number, string, number]>(
        'INSERT INTO idempotence (service_id, cle, empreinte, statut, reponse, le) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      purger: db.prepare<[number]>('DELETE FROM idempotence WHERE le < ?'),
    };
  }

  lire(serviceId: number, cle: string): ReponseMemorisee | undefined {
    const l = this.stmts.lire.get(serviceId, cle);
    return l
      ? { empreinte: l.empreinte, statut: l.statut, corps: JSON.parse(l.reponse) as unknown }
      : undefined;
  }

  ecrire(serviceId: number, cle: string, r: ReponseMemorisee, le: number): void {
    this.stmts.ecrire.run(serviceId, cle, r.empreinte, r.statut, JSON.stringify(r.corps), le);
  }

  purger(avant: number): number {
    return this.stmts.purger.run(avant).changes;
  }
}
