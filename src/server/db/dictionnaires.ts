import type { Dictionnaire } from '../dossiers/donnees.js';
import type { Db } from './connexion.js';

export class DepotDictionnaires {
  private readonly cache = new Map<number, Buffer>();
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      lire: db.prepare<[number], { contenu: Buffer }>('SELECT contenu FROM dictionnaires WHERE id = ?'),
      dernier: db.prepare<[], Dictionnaire>('SELECT id, contenu FROM dictionnaires ORDER BY id DESC LIMIT 1'),
      inserer: db.prepare<[Buffer, number]>('INSERT INTO dictionnaires (contenu, cree_le) VALUES (?, ?)'),
    };
  }

  contenu(id: number): Buffer {
    let c = this.cache.get(id);
    if (!c) {
      c = this.stmts.lire.get(id)?.contenu;
      if (!c) throw new Error(`Dictionnaire ${id} introuvable.`);
      this.cache.set(id, c);
    }
    return c;
  }

  dernier(): Dictionnaire | undefined {
    return this.stmts.dernier.get();
  }

  creer(contenu: Buffer, le: number): Dictionnaire {
    const id = Number(this.stmts.inserer.run(contenu, le).lastInsertRowid);
    return { id, contenu };
  }
}
