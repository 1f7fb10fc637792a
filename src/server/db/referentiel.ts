import type { Demarche, Service } from '../../shared/api/schemas.js';
import { pieceRequiseSchema } from '../../shared/api/schemas.js';
import type { Db } from './connexion.js';

export interface ServiceLigne extends Service {
  id: number;
}
export interface DemarcheLigne extends Demarche {
  id: number;
}

interface DemarcheBrute {
  id: number;
  code: string;
  intitule: string;
  workflow: string;
  pieces_requises: string;
}

function versDemarche(l: DemarcheBrute): DemarcheLigne {
  const pieces = pieceRequiseSchema.array().parse(JSON.parse(l.pieces_requises));
  return { id: l.id, code: l.code, intitule: l.intitule, workflow: l.workflow, piecesRequises: pieces };
}

/** Services and démarches: few rows, read often; démarches are cached (they never change at run time). */
export class DepotReferentiel {
  private readonly demarchesParId = new Map<number, DemarcheLigne>();
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      serviceParCode: db.prepare<[string], ServiceLigne>(
        'SELECT id, code_insee AS codeInsee, nom FROM services WHERE code_insee = ?',
      ),
      serviceParId: db.prepare<[number], ServiceLigne>(
        'SELECT id, code_insee AS codeInsee, nom FROM services WHERE id = ?',
      ),
      services: db.prepare<[], ServiceLigne>(
        'SELECT id, code_insee AS codeInsee, nom FROM services ORDER BY id',
      ),
      insererService: db.prepare<[string, string]>('INSERT INTO services (code_insee, nom) VALUES (?, ?)'),
      demarche: db.prepare<[number], DemarcheBrute>('SELECT * FROM demarches WHERE id = ?'),
      demarcheParCode: db.prepare<[string], DemarcheBrute>('SELECT * FROM demarches WHERE code = ?'),
      insererDemarche: db.prepare<[string, string, string, string]>(
        'INSERT INTO demarches (code, intitule, workflow, pieces_requises) VALUES (?, ?, ?, ?)',
      ),
      lier: db.prepare<[number, number]>(
        'INSERT OR IGNORE INTO services_demarches (service_id, demarche_id) VALUES (?, ?)',
      ),
      demarchesDuService: db.prepare<[number], DemarcheBrute>(
        `SELECT d.* FROM demarches d JOIN services_demarches sd ON sd.demarche_id = d.id
          WHERE sd.service_id = ? ORDER BY d.intitule`,
      ),
    };
  }

  service(codeInsee: string): ServiceLigne | undefined {
    return this.stmts.serviceParCode.get(codeInsee);
  }

  serviceParId(id: number): ServiceLigne | undefined {
    return this.stmts.serviceParId.get(id);
  }

  services(): ServiceLigne[] {
    return this.stmts.services.all();
  }

  /** Creates the service if missing; returns it either way. */
  assurerService(codeInsee: string, nom: string): ServiceLigne {
    const existant = this.service(codeInsee);
    if (existant) return existant;
    const id = Number(this.stmts.insererService.run(codeInsee, nom).lastInsertRowid);
    return { id, codeInsee, nom };
  }

  assurerDemarche(d: Demarche): DemarcheLigne {
    const existante = this.stmts.demarcheParCode.get(d.code);
    if (existante) return versDemarche(existante);
    const id = Number(
      this.stmts.insererDemarche.run(d.code, d.intitule, d.workflow, JSON.stringify(d.piecesRequises))
        .lastInsertRowid,
    );
    return { ...d, id };
  }

  lierDemarche(serviceId: number, demarcheId: number): void {
    this.stmts.lier.run(serviceId, demarcheId);
  }

  demarche(id: number): DemarcheLigne {
    const cachee = this.demarchesParId.get(id);
    if (cachee) return cachee;
    const brute = this.stmts.demarche.get(id);
    if (!brute) throw new Error(`Démarche ${id} introuvable.`);
    const demarche = versDemarche(brute);
    this.demarchesParId.set(id, demarche);
    return demarche;
  }

  demarcheParCode(code: string): DemarcheLigne | undefined {
    const brute = this.stmts.demarcheParCode.get(code);
    return brute ? versDemarche(brute) : undefined;
  }

  demarchesDuService(serviceId: number): DemarcheLigne[] {
    return this.stmts.demarchesDuService.all(serviceId).map(versDemarche);
  }
}
